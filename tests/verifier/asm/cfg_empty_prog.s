# type: socket_filter
# expect: reject old state: R1=ctx() R10=fp0
.insn 0x05, 0, 0, -1, 0
