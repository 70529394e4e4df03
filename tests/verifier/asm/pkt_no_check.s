# type: xdp
# expect: reject R2 offset is outside of the packet
ldxw %r2, [%r1+0]
ldxb %r0, [%r2+0]
exit
