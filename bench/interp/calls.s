# bench/interp/calls.s: a bpf-to-bpf call in a loop, 5000 calls of a small mixing function.
	ldxw %r7, [%r1+0]
	mov %r6, 0
loop:
	mov %r1, %r7
	mov %r2, %r6
	call local mix
	mov %r7, %r0
	add %r6, 1
	jlt %r6, 5000, loop
	mov %r0, %r7
	exit

# mix(x, i) = ((x ^ i) * 16777619) ^ (x >> 17)
mix:
	mov %r0, %r1
	xor %r0, %r2
	mul %r0, 0x01000193
	rsh %r1, 17
	xor %r0, %r1
	exit
