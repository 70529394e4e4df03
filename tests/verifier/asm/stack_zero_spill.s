# type: socket_filter
# expect: accept
stdw [%r10-8], 0
ldxdw %r0, [%r10-8]
exit
