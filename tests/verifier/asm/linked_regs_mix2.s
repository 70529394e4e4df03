# type: socket_filter
# expect: accept
call 7
mov32 %r6, %r0
mov %r7, %r6
add32 %r7, 1
lddw %r8, 0xffffffff
jlt %r6, %r8, l
rsh %r7, 32
mov %r0, 0
exit
l:
mov %r0, 0
exit
