# type: socket_filter
# expect: reject invalid shift 32
mov %r0, 1
lsh32 %r0, 32
exit
