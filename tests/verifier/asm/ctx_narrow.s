# type: socket_filter
# expect: accept
ldxb %r0, [%r1+0]
ldxh %r2, [%r1+2]
exit
