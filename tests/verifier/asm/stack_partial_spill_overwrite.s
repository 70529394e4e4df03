# type: socket_filter
# expect: accept
stxdw [%r10-8], %r1
stb [%r10-8], 0
ldxdw %r0, [%r10-8]
exit
