# bench/interp/branchy.s: data-dependent branches: an LCG drives two-level if/else chains,
# 1500 rounds (the kernel's verifier explores every branch, which bounds the round count).
	ldxw %r0, [%r1+0]
	mov %r7, 0
	mov %r6, 0
loop:
	mul %r0, 0x41c64e6d
	add %r0, 12345
	mov %r2, %r0
	rsh %r2, 16
	jset %r2, 1, odd
	add %r7, %r2
	jset %r2, 2, next
	xor %r7, %r0
	ja next
odd:
	sub %r7, %r2
	jset %r2, 4, next
	lsh %r7, 1
next:
	add %r6, 1
	jlt %r6, 1500, loop
	mov %r0, %r7
	exit
