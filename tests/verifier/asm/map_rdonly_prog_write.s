# type: socket_filter
# map: ro array key=4 value=16 entries=1 flags=0x80
# expect: reject write into map forbidden, value_size=16 off=0 size=8
lddw %r1, map_idx_value(0, 0)
stdw [%r1+0], 1
mov %r0, 0
exit
