# type: socket_filter
# expect: accept
mov %r0, 0
exit
