# type: socket_filter
# expect: accept
.insn 0xbf, 0, 1, 8, 0
exit
