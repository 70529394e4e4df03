# type: socket_filter
# map: pa prog_array key=4 value=4 entries=4
# expect: accept
lddw %r2, map_idx(0)
mov %r3, 1
call 12
mov %r0, 0
exit
