# type: socket_filter
# expect: accept
mov %r0, -7
.insn 0x37, 0, 0, 1, 2
exit
