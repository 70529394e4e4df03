# type: socket_filter
# expect: reject R1 32-bit pointer arithmetic prohibited
add32 %r1, 2
mov %r0, 0
exit
