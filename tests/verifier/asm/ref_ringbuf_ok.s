# type: socket_filter
# map: rb ringbuf key=0 value=0 entries=4096
# expect: accept
lddw %r1, map_idx(0)
mov %r2, 8
mov %r3, 0
call 131
jeq %r0, 0, +4
stdw [%r0+0], 1
mov %r1, %r0
mov %r2, 0
call 132
mov %r0, 0
exit
