# type: socket_filter
# expect: reject R11 is invalid
.insn 0xb7, 11, 0, 0, 1
mov %r0, 0
exit
