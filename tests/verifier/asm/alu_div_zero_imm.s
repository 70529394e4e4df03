# type: socket_filter
# expect: reject div by zero
mov %r0, 5
div %r0, 0
exit
