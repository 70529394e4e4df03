# type: socket_filter
# expect: reject R1 pointer += pointer prohibited
mov %r2, %r1
add %r1, %r2
mov %r0, 0
exit
