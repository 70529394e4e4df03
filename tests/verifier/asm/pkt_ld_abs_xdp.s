# type: xdp
# expect: reject BPF_LD_[ABS|IND] instructions not allowed for this program type
mov %r6, %r1
ldabsh 12
exit
