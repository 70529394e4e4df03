# type: socket_filter
# expect: accept
mov %r1, 5
call local sub
exit
sub:
mov %r0, %r1
add %r0, 1
exit
