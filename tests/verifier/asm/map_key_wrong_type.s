# type: socket_filter
# map: h hash key=4 value=16 entries=16
# expect: reject R2 type=scalar expected=fp, pkt, pkt_meta, map_key, map_value, mem, ringbuf_mem, buf, trusted_ptr_
mov %r1, 0
lddw %r1, map_idx(0)
mov %r2, 5
call 1
mov %r0, 0
exit
