# type: socket_filter
# expect: reject the call stack of 9 frames is too deep
call local sub
exit
sub:
call local sub
mov %r0, 0
exit
