# type: socket_filter
# expect: accept
mov %r1, %r10
add %r1, -8
stdw [%r10-8], 7
call local sub
exit
sub:
ldxdw %r0, [%r1+0]
exit
