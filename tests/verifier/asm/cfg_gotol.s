# type: socket_filter
# expect: reject unreachable insn 1
.insn 0x06, 0, 0, 0, 1
mov %r0, 1
mov %r0, 0
exit
