# type: socket_filter
# map: h8 hash key=8 value=8 entries=4
# expect: reject invalid read from stack R2 off=-4 size=8
stw [%r10-4], 0
lddw %r1, map_idx(0)
mov %r2, %r10
add %r2, -4
call 1
mov %r0, 0
exit
