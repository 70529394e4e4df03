# type: socket_filter
# expect: reject 
mov %r1, 0
loop:
add %r1, 1
jlt %r1, 300000, loop
mov %r0, 0
exit
