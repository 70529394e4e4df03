# type: socket_filter
# map: h hash key=4 value=16 entries=16
# expect: reject R6 !read_ok
stw [%r10-4], 0
lddw %r1, map_idx(0)
mov %r2, %r10
add %r2, -4
mov %r3, %r6
mov %r4, 0
call 2
mov %r0, 0
exit
