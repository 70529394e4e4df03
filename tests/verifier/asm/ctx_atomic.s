# type: socket_filter
# expect: reject BPF_ATOMIC stores into R1 ctx is not allowed
mov %r2, 1
lock add32 [%r1+48], %r2
mov %r0, 0
exit
