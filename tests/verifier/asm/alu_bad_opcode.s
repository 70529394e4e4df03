# type: socket_filter
# expect: reject unknown opcode ff
.insn 0xff, 0, 0, 0, 0
mov %r0, 0
exit
