#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# The README's main job: the best end-to-end example that bpfhive can run today.
set -euo pipefail
build=${1:-build/release}
bpfhive="$build"/bpfhive
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$bpfhive" version

# A BPF program in assembler: the Internet checksum of an IPv4 header.
echo "== bpfhive asm examples/asm/checksum.s -o checksum.bin"
"$bpfhive" asm examples/asm/checksum.s -o "$tmp/checksum.bin"
echo "== bpfhive disasm --kernel checksum.bin   (the verifier log's notation)"
"$bpfhive" disasm --kernel "$tmp/checksum.bin"
echo "== bpfhive exec checksum.bin --mem-hex <IPv4 header>   (bounds-checked interpreter)"
"$bpfhive" exec "$tmp/checksum.bin" \
	--mem-hex "45 00 00 73 00 00 40 00 40 11 00 00 c0 a8 00 01 c0 a8 00 c7"

# A sched_ext-style run queue: tasks on a bpf_rb_root ordered by deadline, completed tasks on a
# bpf_list_head, verified with the kernel's rules and run in user space.
rq="$build"/examples/runqueue
if [ -x "$rq"/runqueue ]; then
	echo "== examples/runqueue: an EDF run queue (bpf_rb_root + bpf_list_head) driven by the C API"
	"$rq"/runqueue "$rq"/runqueue.bpf.o
	echo "== bpfhive run runqueue.bpf.o --prog simulate   (8 tasks, one test run)"
	"$bpfhive" run "$rq"/runqueue.bpf.o --prog simulate --dump-maps \
		--ctx-hex "2a00000000000000 $(printf '0%.0s' $(seq 128))"
	if [ -x "$rq"/runqueue_kernel_check ]; then
		echo "== the same object in the running kernel, compared"
		"$rq"/runqueue_kernel_check "$rq"/runqueue.bpf.o || [ $? -eq 77 ]
	fi
fi

# A bounded FIFO on a bpf_list_head, and refcounted entries shared by a tree and a list.
declare -A what=([fifo]="a bounded message queue on a bpf_list_head"
	[shared]="cache entries in a bpf_rb_root (by key) and a bpf_list_head (by age) at once")
for ex in fifo shared; do
	dir="$build"/examples/$ex
	[ -x "$dir/$ex" ] || continue
	echo "== examples/$ex: ${what[$ex]}"
	"$dir/$ex" "$dir/$ex.bpf.o"
	if [ -x "$dir/${ex}_kernel_check" ]; then
		echo "== the same object in the running kernel, compared"
		"$dir/${ex}_kernel_check" "$dir/$ex.bpf.o" || [ $? -eq 77 ]
	fi
done

# The BPF ISA conformance suite on the interpreter, if ../shared is beside the checkout.
suite=${HIVE_SHARED_DIR:-../shared}/conformance
if [ -d "$suite" ] && [ -x "$build"/tests/conformance/conformance_run ]; then
	echo "== BPF conformance suite: $suite/tests (must pass), $suite/negative (must be rejected)"
	"$build"/tests/conformance/conformance_run --expect pass "$suite/tests" | tail -1
	"$build"/tests/conformance/conformance_run --expect reject "$suite/negative" | tail -1
fi
