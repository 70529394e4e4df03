# type: socket_filter
# expect: reject old state: R0=P0 R1=ctx() R10=fp0
mov %r0, 0
loop:
add %r0, 0
jlt %r0, 10, loop
exit
