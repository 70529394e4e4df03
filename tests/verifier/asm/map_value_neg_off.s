# type: socket_filter
# map: m array key=4 value=16 entries=4
# expect: reject R0 min value is outside of the allowed memory range

mov %r1, 0
stxw [%r10-4], %r1
lddw %r1, map_idx(0)
mov %r2, %r10
add %r2, -4
call 1
jeq %r0, 0, +2
ldxdw %r0, [%r0-8]
exit
mov %r0, 0
exit
