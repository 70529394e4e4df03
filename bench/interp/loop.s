# bench/interp/loop.s: a tight 64-bit arithmetic loop (multiplicative hashing), 20000 rounds.
# The seed is skb->len (the first u32 of the context), which the verifier cannot know.
	ldxw %r0, [%r1+0]
	mov %r6, 0
loop:
	mul %r0, 0x2545f491
	xor %r0, %r6
	mov %r3, %r0
	rsh %r3, 29
	xor %r0, %r3
	add %r0, 0x3c6ef372
	add %r6, 1
	jlt %r6, 20000, loop
	exit
