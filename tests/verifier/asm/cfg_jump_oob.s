# type: socket_filter
# expect: reject jump out of range from insn 0 to 5
ja +4
mov %r0, 0
exit
