# type: socket_filter
# expect: accept
lddw %r0, 0x100000000
rsh %r0, 32
exit
