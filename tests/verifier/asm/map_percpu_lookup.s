# type: socket_filter
# map: pc percpu_array key=4 value=8 entries=2
# expect: accept

mov %r1, 0
stxw [%r10-4], %r1
lddw %r1, map_idx(0)
mov %r2, %r10
add %r2, -4
call 1
jeq %r0, 0, +1
ldxdw %r0, [%r0+0]
exit
