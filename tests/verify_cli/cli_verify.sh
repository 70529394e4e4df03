#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# tests/verify_cli/cli_verify.sh BPFHIVE GC_KLOAD PROGS_DIR SRC_DIR: `bpfhive verify` on the
# graph corpus objects.
#  1. the "hint:" section (issue 8): a leaked reference names the source line of its
#     acquisition, a use after bpf_spin_unlock names the unlock; the line numbers are checked
#     against the source files, not written down here;
#  2. no hint where there is nothing to explain, and the hint always comes after the log;
#  3. the log itself (everything before "hint:") is the kernel's for every program of the
#     objects, at level 1 and level 2 (map addresses aside), so the hint never leaks into it.
set -u
bpfhive=$1
kload=$2
progs=$3
src=$4
fails=0
passes=0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

ok() { passes=$((passes + 1)); }
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

# verify OBJ PROG: stdout of `bpfhive verify` in $work/out, exit status in $rc
verify() {
	"$bpfhive" verify "$progs/$1.bpf.o" --prog "$2" >"$work/out" 2>"$work/err"
	rc=$?
}

# hint_line OBJ PROG PATTERN: the rejection's hint has a line matching PATTERN (grep -E) of the
# form "... at FILE:N: TEXT", and line N of FILE in the sources holds TEXT
hint_line() {
	local obj=$1 prog=$2 pat=$3 line where file n text
	verify "$obj" "$prog"
	line=$(sed -n '/^hint:$/,$p' "$work/out" | grep -E -- "$pat" | head -1)
	if [ "$rc" != 1 ] || [ -z "$line" ]; then
		fail "$prog: rc=$rc, no hint line matching '$pat'"
		cat "$work/out" "$work/err"
		return
	fi
	where=$(printf '%s\n' "$line" | sed -E 's/.* at ([^ :]+):([0-9]+): (.*)$/\1 \2/')
	file=${where% *}
	n=${where#* }
	text=$(printf '%s\n' "$line" | sed -E 's/.* at [^ :]+:[0-9]+: (.*)$/\1/')
	if [ ! -f "$src/$file" ] ||
		! sed -n "${n}p" "$src/$file" | grep -qF -- "$text"; then
		fail "$prog: hint names $file:$n '$text', which is not that source line"
		return
	fi
	# the hint follows the log's last line (the statistics) and precedes the verdict
	if ! grep -B1 '^hint:$' "$work/out" | head -1 | grep -q '^processed '; then
		fail "$prog: the hint does not follow the log"
		return
	fi
	ok
}

# no_hint OBJ PROG WANT_RC: no hint section
no_hint() {
	verify "$1" "$2"
	if [ "$rc" != "$3" ] || grep -q '^hint:' "$work/out"; then
		fail "$2: rc=$rc (want $3) or an unexpected hint"
		cat "$work/out"
	else
		ok
	fi
}

# leaks: where the reference was acquired
hint_line rb_fail rbf_remove_no_drop 'reference id=3 \(never released\) was acquired at rb_fail.bpf.c:[0-9]+: .*bpf_rbtree_remove'
hint_line ll_fail obj_new_acq 'reference id=2 \(never released\) was acquired at ll_fail.bpf.c:[0-9]+: .*bpf_obj_new'
hint_line rc rc_escapes_leak 'reference id=4 \(never released\) was acquired at rc.bpf.c:[0-9]+: .*bpf_refcount_acquire'
hint_line rc rc_escapes_owning_leak 'reference id=3 \(never released\) was acquired at rc.bpf.c:[0-9]+: .*bpf_refcount_acquire'
# uses after the unlock that invalidated the non-owning references
hint_line rb_fail rbf_add_escape 'invalidated by the unlock at rb_fail.bpf.c:[0-9]+: bpf_spin_unlock'
hint_line rb_fail rbf_first_escape 'invalidated by the unlock at rb_fail.bpf.c:[0-9]+: bpf_spin_unlock'
hint_line ll_fail use_after_unlock_push_front 'invalidated by the unlock at ll_fail.bpf.c:[0-9]+: '
hint_line rc rc_kptr_after_unlock 'invalidated by the unlock at rc.bpf.c:[0-9]+: bpf_spin_unlock'
# nothing to explain: other rejections, and acceptances
no_hint rb_fail rbf_nolock_add 1
no_hint ll_fail obj_new_no_struct 1
no_hint ll_fail use_after_drop 1
no_hint ks ks_stash_kernel_kptr 0

# no program selected (every program of rb_fail is in a "?" section): an error, not "accepted"
"$bpfhive" verify "$progs/rb_fail.bpf.o" >"$work/out" 2>"$work/err"
rc=$?
if [ "$rc" != 0 ] && grep -q "no program to verify" "$work/err"; then
	ok
else
	fail "no autoloaded program: rc=$rc: $(cat "$work/err")"
fi

# --prog names a program that does not exist: one error line, non-zero exit
"$bpfhive" verify "$progs/rb_fail.bpf.o" --prog no_such_prog >"$work/out" 2>"$work/err"
rc=$?
if [ "$rc" != 0 ] && grep -q "no program named 'no_such_prog'" "$work/err"; then
	ok
else
	fail "--prog no_such_prog: rc=$rc: $(cat "$work/err")"
fi

# a truncated object: exactly one error line, naming the file and the reason
head -c 3000 "$progs/rb_fail.bpf.o" >"$work/trunc.o"
"$bpfhive" verify "$work/trunc.o" >"$work/out" 2>"$work/err"
rc=$?
if [ "$rc" != 0 ] && [ "$(wc -l <"$work/err")" = 1 ] &&
	grep -q "trunc.o: .*outside the file" "$work/err"; then
	ok
else
	fail "truncated object: rc=$rc: $(cat "$work/err")"
fi

# the log before the hint is the kernel's, program by program
"$kload" "$progs/rb_fail.bpf.o" rbf_nolock_add >"$work/k" 2>&1
if ! grep -q '^== REJECT' "$work/k"; then
	echo "SKIP kernel comparison: the kernel does not load programs here: $(tail -1 "$work/k")"
else
	same=0
	for obj in rb_fail rb_search ll_fail ll_peek ll_lock rc ks pc rb_ok ll_ok real \
		rb_btf_wrong_type rb_btf_wrong_node; do
		for prog in $(llvm-objdump-19 -t "$progs/$obj.bpf.o" |
			awk '$3 == "F" && $4 != ".text" { print $NF }'); do
			for level in 1 2; do
				"$kload" -l $level "$progs/$obj.bpf.o" "$prog" 2>&1 | sed '/^== /d' |
					sed -E 's/0xffff[0-9a-f]+/ADDR/g' >"$work/k"
				"$bpfhive" verify "$progs/$obj.bpf.o" --prog "$prog" --log-level $level \
					2>&1 | sed '$d' | sed '/^hint:$/,$d' |
					sed -E 's/0xffff[0-9a-f]+/ADDR/g' >"$work/h"
				if cmp -s "$work/k" "$work/h"; then
					same=$((same + 1))
				else
					fail "$obj/$prog: the level-$level log differs from the kernel's"
					diff "$work/k" "$work/h" | head -10
				fi
			done
		done
	done
	echo "kernel comparison: $same logs equal to the kernel's"
	[ "$same" -gt 0 ] && ok || fail "no program compared"
fi

echo "$passes passed, $fails failed"
[ "$fails" = 0 ]
