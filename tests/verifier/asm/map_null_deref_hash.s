# type: socket_filter
# map: h hash key=4 value=16 entries=16
# expect: reject R0 invalid mem access 'map_value_or_null'

mov %r1, 0
stxw [%r10-4], %r1
lddw %r1, map_idx(0)
mov %r2, %r10
add %r2, -4
call 1
ldxdw %r0, [%r0+0]
exit
