# type: socket_filter
# map: h hash key=4 value=16 entries=16
# expect: reject no direct value access support for this map type
lddw %r1, map_idx_value(0, 0)
mov %r0, 0
exit
