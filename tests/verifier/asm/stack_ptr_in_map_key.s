# type: socket_filter
# map: m array key=4 value=16 entries=4
# expect: accept

lddw %r1, map_idx(0)
mov %r2, %r10
add %r2, -4
call 1
mov %r0, 0
exit
