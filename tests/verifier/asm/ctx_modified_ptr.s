# type: socket_filter
# expect: reject dereference of modified ctx ptr R1 off=4 disallowed
add %r1, 4
ldxw %r0, [%r1+0]
exit
