# type: socket_filter
# expect: accept
mov %r1, 42
stxdw [%r10-8], %r1
ldxdw %r0, [%r10-8]
exit
