# type: xdp
# expect: reject program of this type cannot use helper bpf_skb_load_bytes#26
call 26
mov %r0, 0
exit
