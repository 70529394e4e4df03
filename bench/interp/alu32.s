# bench/interp/alu32.s: 32-bit ALU and JMP32 (murmur3-style mixing), 10000 rounds.
	ldxw %r0, [%r1+0]
	mov32 %r6, 0
loop:
	mov32 %r2, %r6
	mul32 %r2, 0xcc9e2d51
	mov32 %r3, %r2
	lsh32 %r2, 15
	rsh32 %r3, 17
	or32 %r2, %r3
	mul32 %r2, 0x1b873593
	xor32 %r0, %r2
	mov32 %r3, %r0
	lsh32 %r0, 13
	rsh32 %r3, 19
	or32 %r0, %r3
	mul32 %r0, 5
	add32 %r0, 0xe6546b64
	add32 %r6, 1
	jlt32 %r6, 10000, loop
	exit
