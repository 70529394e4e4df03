# type: socket_filter
# expect: accept
mov %r0, %r1
exit
