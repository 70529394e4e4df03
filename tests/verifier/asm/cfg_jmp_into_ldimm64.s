# type: socket_filter
# expect: reject unreachable insn 1
ja +1
lddw %r0, 1
exit
