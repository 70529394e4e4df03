# type: socket_filter
# expect: reject BPF_MOV uses reserved fields
.insn 0xb7, 0, 1, 0, 1
exit
