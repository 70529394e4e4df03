# type: xdp
# expect: reject invalid bpf_context access off=20 size=4
ldxw %r0, [%r1+12]
ldxw %r2, [%r1+16]
ldxw %r3, [%r1+20]
mov %r0, 2
exit
