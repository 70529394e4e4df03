# every kind of operand
start:	mov32 %r0, 0
	mov %r1, -1
	add64 %r1, %r2
	sdiv32 %r0, 0xffffffff
	movsx1664 %r3, %r1
	be16 %r0
	swap32 %r0
	ldxb %r0, [%r1+0x2]
	ldxsw %r4, [ %r10 - 8 ]
	stb [%r10-1], 0x80
	stxdw [%r10-16], %r4
	lock xchg [%r10-8], %r1
	lock fetch add32 [%r10-4], %r2
	lock cmpxchg [%r10-16], %r3
	ldacqw %r5, [%r10-8]
	strelb [%r10-1], %r5
	lddw %r1, 0x1122334455667788
	lddw %r2, map_value(3, 16)
	lddw %r3, func(sub)
	ldabsh 12
	ldindb %r1, 3
	jeq %r1, 0x80000000, +1
	jsgt32 %r1, %r2, start
	may_goto +0
	call bpf_map_lookup_elem
	call 5
	call %r3
	call local sub
	call kfunc 7, 1
	addr_space_cast %r0, %r1, 1, 0
	ja32 out
out:	exit
sub:	mov %r0, 1
	exit
.insn 0x07, 0, 1, 1, 1
