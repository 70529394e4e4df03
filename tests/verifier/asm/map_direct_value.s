# type: socket_filter
# map: g array key=4 value=16 entries=1
# expect: accept
lddw %r1, map_idx_value(0, 8)
ldxdw %r0, [%r1+0]
exit
