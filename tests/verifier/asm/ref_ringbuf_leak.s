# type: socket_filter
# map: rb ringbuf key=0 value=0 entries=4096
# expect: reject BPF_EXIT instruction in main prog would lead to reference leak
lddw %r1, map_idx(0)
mov %r2, 8
mov %r3, 0
call 131
mov %r0, 0
exit
