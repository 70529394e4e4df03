# type: socket_filter
# expect: reject invalid bpf_context access off=76 size=4
ldxw %r0, [%r1+76]
exit
