# type: socket_filter
# expect: reject R6 !read_ok
ldabsh 12
exit
