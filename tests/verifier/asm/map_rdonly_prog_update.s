# type: socket_filter
# map: ro array key=4 value=16 entries=1 flags=0x80
# expect: reject write into map forbidden
stw [%r10-4], 0
stdw [%r10-24], 0
stdw [%r10-16], 0
lddw %r1, map_idx(0)
mov %r2, %r10
add %r2, -4
mov %r3, %r10
add %r3, -24
mov %r4, 0
call 2
mov %r0, 0
exit
