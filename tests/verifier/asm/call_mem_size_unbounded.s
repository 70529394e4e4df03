# type: kprobe
# expect: reject R3 min value is negative, either use unsigned or 'var &= const'
mov %r6, %r1
ldxdw %r3, [%r6+0]
mov %r2, %r10
add %r2, -64
mov %r4, 0
call 67
mov %r0, 0
exit
