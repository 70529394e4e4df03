# type: socket_filter
# expect: accept
bswap64 %r1
mov %r0, 0
exit
