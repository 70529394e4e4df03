# type: socket_filter
# expect: accept
mov %r0, 5
mov %r1, 0
div %r0, %r1
exit
