# type: xdp
# expect: accept
ldxw %r2, [%r1+0]
ldxw %r3, [%r1+4]
mov %r4, %r2
add %r4, 4
jle %r3, %r4, +1
ldxw %r0, [%r2+0]
mov %r0, 2
exit
