# type: kprobe
# expect: accept
call 5
mov %r0, 0
exit
