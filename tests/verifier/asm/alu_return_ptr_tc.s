# type: tc
# expect: accept
mov %r0, %r10
exit
