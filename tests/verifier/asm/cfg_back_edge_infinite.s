# type: socket_filter
# expect: reject unreachable insn 2
mov %r0, 0
loop:
ja loop
exit
