# type: socket_filter
# expect: accept
call 7
mov32 %r6, %r0
mov %r7, %r6
add32 %r7, 1
mov %r8, %r6
add %r8, 2
jlt %r7, 10, l
mov %r0, 0
exit
l:
mov %r0, 0
exit
