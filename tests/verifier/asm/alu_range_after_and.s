# type: socket_filter
# expect: reject R2 subtraction from stack pointer prohibited
ldxw %r0, [%r1+0]
and %r0, 7
mov %r2, %r10
add %r2, -8
stdw [%r10-8], 0
sub %r2, %r0
ldxb %r0, [%r2+0]
exit
