# type: socket_filter
# expect: reject R1 invalid mem access 'scalar'
mov %r1, 1000
ldxw %r0, [%r1+0]
exit
