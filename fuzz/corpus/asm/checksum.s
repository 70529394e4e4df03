# examples/asm/checksum.s: the Internet checksum (RFC 1071) of the memory handed to the
# program, in BPF assembler (the conformance suite's syntax).
#
#   bpfhive asm examples/asm/checksum.s -o checksum.bin
#   bpfhive exec checksum.bin --mem-hex "45 00 00 73 00 00 40 00 40 11 00 00 c0 a8 00 01 c0 a8 00 c7"
#
# `bpfhive exec` starts it with r1 pointing at the memory and r2 holding its length; every
# load is bounds-checked, so a wrong offset here is a clear error, not a crash.

	mov %r0, 0              # r0: 32-bit sum of big-endian 16-bit words
	mov %r3, %r2            # r3: bytes left
words:
	jlt %r3, 2, odd_byte
	ldxh %r4, [%r1+0]
	be16 %r4
	add %r0, %r4
	add %r1, 2
	sub %r3, 2
	ja words
odd_byte:
	jeq %r3, 0, fold
	ldxb %r4, [%r1+0]       # a last odd byte is the high half of a word
	lsh %r4, 8
	add %r0, %r4
fold:
	mov %r1, %r0
	call local fold16       # a bpf-to-bpf call: argument in r1, result in r0
	xor %r0, 0xffff
	exit

# fold16(sum): add the carries back in until the sum fits in 16 bits
fold16:
again:
	mov %r2, %r1
	rsh %r2, 16
	jeq %r2, 0, done
	and %r1, 0xffff
	add %r1, %r2
	ja again
done:
	mov %r0, %r1
	exit
