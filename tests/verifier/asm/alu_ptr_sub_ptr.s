# type: socket_filter
# expect: accept
mov %r2, %r10
mov %r3, %r10
add %r3, -8
sub %r2, %r3
mov %r0, %r2
exit
