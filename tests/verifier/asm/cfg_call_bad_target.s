# type: socket_filter
# expect: reject call to invalid destination
call local +10
mov %r0, 0
exit
