# type: socket_filter
# expect: accept
ldxw %r2, [%r1+0]
and %r2, 7
mov %r3, %r10
add %r3, -16
add %r3, %r2
stb [%r3+0], 1
mov %r0, 0
exit
