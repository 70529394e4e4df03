# type: socket_filter
# expect: reject BPF_ALU uses reserved fields
.insn 0x07, 0, 1, 0, 1
mov %r0, 0
exit
