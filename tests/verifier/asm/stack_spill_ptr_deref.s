# type: socket_filter
# expect: accept
stxdw [%r10-16], %r1
ldxdw %r2, [%r10-16]
ldxw %r0, [%r2+0]
exit
