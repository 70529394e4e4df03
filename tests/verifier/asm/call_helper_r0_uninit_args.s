# type: socket_filter
# expect: reject R1 !read_ok
call 5
mov %r0, %r1
exit
