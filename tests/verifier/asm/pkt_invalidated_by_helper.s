# type: tc
# expect: reject R7 invalid mem access 'scalar'
mov %r6, %r1
ldxw %r2, [%r1+76]
ldxw %r3, [%r1+80]
mov %r4, %r2
add %r4, 14
jgt %r4, %r3, +5
mov %r7, %r2
mov %r1, %r6
mov %r2, 0
call 39
ldxb %r0, [%r7+0]
mov %r0, 0
exit
