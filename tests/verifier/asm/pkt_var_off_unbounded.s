# type: xdp
# expect: reject R2 offset is outside of the packet
ldxw %r2, [%r1+0]
ldxw %r3, [%r1+4]
ldxw %r5, [%r1+12]
add %r2, %r5
mov %r4, %r2
add %r4, 8
jgt %r4, %r3, +1
ldxdw %r0, [%r2+0]
mov %r0, 2
exit
