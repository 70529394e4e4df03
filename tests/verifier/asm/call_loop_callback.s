# type: socket_filter
# expect: reject missing btf func_info
mov %r1, 5
lddw %r2, func(cb)
mov %r3, 0
mov %r4, 0
call 181
exit
cb:
mov %r0, 0
exit
