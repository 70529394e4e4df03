#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
#
# `bpfhive obj show|dump`: outputs on good objects, and one clear error line (naming the file
# and the reason) with a non-zero exit on bad input.
#
# usage: cli_obj.sh BPFHIVE BUILD_DIR
set -u
bin=$1
dir=$2
good=$dir/tests/object/progs/subprogs.bpf.o
bad=$dir/tests/object/bad
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0

# expect RC PATTERN(stdout or stderr) ARGS...: exit status and a line matching PATTERN;
# on failure, stderr must be exactly one line
expect() {
	want_rc=$1
	pat=$2
	shift 2
	"$bin" "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	lines=$(wc -l <"$tmp/err")
	if [ "$rc" != "$want_rc" ] || ! grep -q -- "$pat" "$tmp/out" "$tmp/err" ||
		{ [ "$want_rc" != 0 ] && [ "$lines" != 1 ]; }; then
		echo "FAIL '$*': rc=$rc (want $want_rc), stderr lines=$lines, want /$pat/"
		cat "$tmp/err"
		fail=$((fail + 1))
	else
		echo "ok '$*'"
		pass=$((pass + 1))
	fi
}

expect 0 "^programs:" obj show "$good"
expect 0 "entry_a .*insns 62" obj show "$good"
expect 0 '^{"name":"subprogs","license":"GPL","prepared":true,"programs":\[{"name":"entry_a","section":"xdp","type":"xdp","attach_type":"xdp","insns":62,' -j obj show "$good"
expect 0 '"maps":\[{"name":"counters","type":"array","key_size":4,"value_size":8,"max_entries":4,"flags":0' obj show "$good" --json
expect 0 "r1 = map\[counters\]" obj dump "$good" --prog entry_a
expect 0 "r2 = callback\[loop_body\]" obj dump "$good" --prog entry_a
expect 0 "call pc+[0-9]*.*; add_twice" obj dump "$good" --prog entry_a
expect 0 "failed to resolve CO-RE relocation <byte_off>" obj dump "$bad/bad_core_no_candidate.bpf.o"
expect 1 "no program named 'nope'" obj dump "$good" --prog nope
expect 1 "/nonexistent.bpf.o" obj show /nonexistent.bpf.o
expect 1 "bad_map_no_type.bpf.o: map 'm': map type isn't specified" obj dump "$bad/bad_map_no_type.bpf.o"
expect 1 "bad_legacy_maps.bpf.o: section 'maps': legacy map definitions" obj show "$bad/bad_legacy_maps.bpf.o"
expect 1 "unknown option or missing value: '--bogus'" obj show "$good" --bogus
expect 1 "expecting an object file" obj dump
expect 1 "missing BPF prog type, check ELF section name 'xdpp'" obj dump "$bad/bad_unknown_section.bpf.o"
# show still shows an object whose prepare fails (counts before linking), with a warning
expect 0 "misspelled" obj show "$bad/bad_unknown_section.bpf.o"
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
