# type: socket_filter
# expect: accept
ldxdw %r0, [%r10-8]
exit
