# type: socket_filter
# expect: reject invalid variable-offset write to stack R3 var_off=(0x0; 0xf) off=-8 size=1
ldxw %r2, [%r1+0]
and %r2, 15
mov %r3, %r10
add %r3, -8
add %r3, %r2
stb [%r3+0], 1
mov %r0, 0
exit
