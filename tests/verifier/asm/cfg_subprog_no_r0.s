# type: socket_filter
# expect: reject R0 !read_ok
call local sub
exit
sub:
exit
