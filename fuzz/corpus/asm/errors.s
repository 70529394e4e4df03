lock
mov %r0, %r50
lddw %r0
ja NOWHERE
