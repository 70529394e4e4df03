# type: tc
# expect: accept
ldxw %r2, [%r1+76]
ldxw %r3, [%r1+80]
mov %r4, %r2
add %r4, 14
jgt %r4, %r3, +1
ldxh %r0, [%r2+12]
mov %r0, 0
exit
