# type: socket_filter
# expect: accept
mov %r1, 0x12345678
stxdw [%r10-8], %r1
ldxh %r0, [%r10-8]
exit
