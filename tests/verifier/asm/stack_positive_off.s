# type: socket_filter
# expect: reject invalid write to stack R10 off=8 size=8
stdw [%r10+8], 1
mov %r0, 0
exit
