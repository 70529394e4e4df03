# type: socket_filter
# map: m array key=4 value=16 entries=4
# expect: reject expected prog array map for tail call
lddw %r2, map_idx(0)
mov %r3, 1
call 12
mov %r0, 0
exit
