# type: socket_filter
# expect: reject last insn is not an exit or jmp
mov %r0, 0
