# type: socket_filter
# map: h hash key=4 value=16 entries=16
# expect: reject R0 max value is outside of the allowed memory range

mov %r1, 0
stxw [%r10-4], %r1
lddw %r1, map_idx(0)
mov %r2, %r10
add %r2, -4
call 1
jeq %r0, 0, +6
ldxw %r1, [%r0+0]
jgt %r1, 13, +3
add %r0, %r1
ldxw %r0, [%r0+0]
exit
mov %r0, 0
exit
