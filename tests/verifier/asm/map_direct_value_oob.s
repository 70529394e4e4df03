# type: socket_filter
# map: g array key=4 value=16 entries=1
# expect: reject R1 min value is outside of the allowed memory range
lddw %r1, map_idx_value(0, 12)
ldxdw %r0, [%r1+0]
exit
