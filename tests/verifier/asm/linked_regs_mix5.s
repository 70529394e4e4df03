# type: socket_filter
# expect: accept
call 7
mov32 %r6, %r0
mov %r7, %r6
add32 %r7, 1
mov %r8, %r6
add32 %r8, 5
mov %r9, %r6
add %r9, 3
jlt %r9, 100, l
mov %r0, %r6
add %r0, %r7
add %r0, %r8
add %r0, %r9
exit
l:
mov %r0, %r6
add %r0, %r7
add %r0, %r8
add %r0, %r9
exit
