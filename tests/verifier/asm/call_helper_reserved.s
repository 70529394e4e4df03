# type: socket_filter
# expect: reject BPF_CALL uses reserved fields
.insn 0x85, 1, 0, 0, 5
mov %r0, 0
exit
