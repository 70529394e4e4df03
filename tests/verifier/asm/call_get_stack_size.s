# type: kprobe
# expect: accept
mov %r2, %r10
add %r2, -64
mov %r3, 64
mov %r4, 0
call 67
mov %r0, 0
exit
