# type: socket_filter
# expect: reject fd 77 is not pointing to valid bpf_map
lddw %r1, map_fd(77)
mov %r0, 0
exit
