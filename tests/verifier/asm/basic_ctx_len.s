# type: socket_filter
# expect: accept
ldxw %r0, [%r1+0]
exit
