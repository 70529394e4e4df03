# type: socket_filter
# expect: reject R1 type=scalar expected=map_ptr
mov %r2, %r10
add %r2, -4
stw [%r10-4], 0
mov %r1, 0
call 1
mov %r0, 0
exit
