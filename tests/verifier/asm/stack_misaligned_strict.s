# type: socket_filter
# flags: 1
# expect: reject misaligned stack access off 0+0+-6 size 4
stw [%r10-6], 1
mov %r0, 0
exit
