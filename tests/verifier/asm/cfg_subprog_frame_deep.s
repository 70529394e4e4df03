# type: socket_filter
# expect: reject combined stack size of 3 calls is 1024. Too large
call local s1
exit
s1:
stdw [%r10-512], 0
call local s2
exit
s2:
stdw [%r10-512], 0
mov %r0, 0
exit
