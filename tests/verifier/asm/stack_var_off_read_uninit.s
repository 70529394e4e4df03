# type: socket_filter
# expect: accept
ldxw %r2, [%r1+0]
and %r2, 7
mov %r3, %r10
add %r3, -16
add %r3, %r2
ldxb %r0, [%r3+0]
exit
