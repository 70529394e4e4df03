#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
#
# tests/conformance/cli.sh BPFHIVE SUITE_DIR: the conformance suite through the command line.
# For every case of SUITE_DIR/tests: `bpfhive asm` its asm section, `bpfhive disasm` the result
# and assemble that again (same bytes), then `bpfhive exec` with its memory; the last line of
# stdout must be the expected r0. The two cases that call helper 5 must fail in exec (it has no
# helpers) with one error line naming the helper. Then a few malformed inputs must exit 1 with
# exactly one line on stderr. Ends with "N passed, N failed".
set -u
bpfhive=$1
suite=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0
failed=0

section() { # section NAME FILE: the lines of one "-- NAME" section
	awk -v want="-- $1" '/^-- /{on = ($0 == want); next} on' "$2"
}

fail() {
	echo "FAIL $*"
	failed=$((failed + 1))
}

for f in "$suite"/tests/*.data; do
	name=$(basename "$f" .data)
	section asm "$f" >"$work/$name.s"
	mem=$(section mem "$f" | tr '\n' ' ')
	want=$(section result "$f" | grep -v '^#' | head -1 | tr -d ' \r')
	if ! "$bpfhive" asm "$work/$name.s" -o "$work/$name.bin" >/dev/null 2>"$work/err"; then
		fail "$name: asm: $(cat "$work/err")"
		continue
	fi
	"$bpfhive" disasm "$work/$name.bin" >"$work/$name.dis.s" &&
		"$bpfhive" asm "$work/$name.dis.s" -o "$work/$name.dis.bin" >/dev/null &&
		cmp -s "$work/$name.bin" "$work/$name.dis.bin" || {
		fail "$name: disasm does not round-trip"
		continue
	}
	out=$("$bpfhive" exec "$work/$name.bin" --mem-hex "$mem" 2>"$work/err")
	rc=$?
	if grep -q '^call [0-9%]' "$work/$name.s"; then
		if [ $rc -ne 1 ] || [ "$(wc -l <"$work/err")" -ne 1 ] || ! grep -q 'unknown helper 5 bpf_ktime_get_ns' "$work/err"; then
			fail "$name: exec should fail on helper 5 with one line (rc=$rc): $(cat "$work/err")"
			continue
		fi
	elif [ $rc -ne 0 ] || [ $((out_last = $(echo "$out" | tail -1))) -ne $((want)) ] 2>/dev/null; then
		fail "$name: exec rc=$rc, printed '$(echo "$out" | tail -1)', want $want $(cat "$work/err")"
		continue
	fi
	passed=$((passed + 1))
done

# Malformed input: exit status 1, one line on stderr, nothing on stdout.
printf 'mov %%r0, %%r50\nexit\n' >"$work/bad.s"
head -c 13 /dev/zero >"$work/odd.bin"
printf '\xff\0\0\0\0\0\0\0' >"$work/badop.bin"
printf 'mov %%r0, 1\n' >"$work/noexit.s"
printf 'ldxdw %%r0, [%%r1+0]\nexit\n' >"$work/oob.s"
printf 'ja -1\nexit\n' >"$work/loop.s"
while read -r what; do
	eval "set -- $what"
	out=$("$bpfhive" "$@" 2>"$work/err")
	rc=$?
	if [ $rc -ne 1 ] || [ -n "$out" ] || [ "$(wc -l <"$work/err")" -ne 1 ]; then
		fail "'$what': rc=$rc stdout='$out' stderr='$(cat "$work/err")'"
	else
		echo "ok '$what': $(cat "$work/err")"
		passed=$((passed + 1))
	fi
done <<LIST
asm $work/bad.s
asm $work/noexit.s
asm $work/missing.s
disasm $work/odd.bin
exec $work/odd.bin
exec $work/badop.bin
exec $work/oob.s --mem-hex 'aa bb'
exec $work/loop.s --budget 100000
exec $work/noexit.s
exec $work/oob.s --mem-hex 'a'
exec $work/oob.s --bogus
LIST

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
