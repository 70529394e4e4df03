# type: socket_filter
# expect: reject last insn is not an exit or jmp
mov %r0, 0
exit
.insn 0x18, 0, 0, 0, 0
