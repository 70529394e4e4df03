# type: socket_filter
# expect: accept
neg %r1
mov %r0, 0
exit
