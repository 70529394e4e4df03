# type: socket_filter
# expect: accept
mov %r0, 0
loop:
add %r0, 1
.insn 0xe5, 0, 0, 1, 0
ja loop
exit
