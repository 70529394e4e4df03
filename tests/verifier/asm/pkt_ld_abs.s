# type: socket_filter
# expect: accept
mov %r6, %r1
ldabsh 12
ldindb %r0, 0
exit
