#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
#
# The CO-RE matrix against libbpf 1.1 (test-only oracle): for every case of cases.def, the
# program of its group is prepared by bpfhive (hive_dump) and loaded by libbpf (libbpf_dump,
# which captures the instructions at BPF_PROG_LOAD), both with the case's target BTF as the
# custom CO-RE target. The final instructions must be identical; where bpfhive refuses the
# object (fatal CO-RE errors), libbpf must fail before loading too.
#
# usage: diff_core.sh HIVE_DUMP LIBBPF_DUMP CASES_DEF CORE_BUILD_DIR
set -u
hive=$1
libbpf=$2
cases=$3
dir=$4

if [ "$(id -u)" != 0 ]; then
	echo "SKIP: core_diff_libbpf needs root (libbpf creates the maps through bpf())"
	exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
for spec in $(sed -n 's/^CASE(\([^,]*\), *\([^,)]*\).*/\1:\2/p' "$cases"); do
	case=${spec%%:*}
	group=${spec#*:}
	obj=$dir/progs/core_reloc_$group.bpf.o
	btf=$dir/btf/btf__$case.bpf.o
	"$hive" "$obj" --btf "$btf" >"$tmp/hive" 2>/dev/null
	hive_rc=$?
	"$libbpf" "$obj" --btf "$btf" >"$tmp/libbpf" 2>/dev/null
	if [ $hive_rc != 0 ]; then
		if grep -q "not captured" "$tmp/libbpf"; then
			echo "PASS $case (both refuse it: $(sed 's/^error: //' "$tmp/hive"))"
			pass=$((pass + 1))
		else
			echo "FAIL $case: bpfhive refuses it, libbpf does not: $(cat "$tmp/hive")"
			fail=$((fail + 1))
		fi
	elif cmp -s "$tmp/hive" "$tmp/libbpf"; then
		echo "PASS $case"
		pass=$((pass + 1))
	else
		echo "FAIL $case"
		diff "$tmp/hive" "$tmp/libbpf" | head -10
		fail=$((fail + 1))
	fi
done
echo "$pass passed, $fail failed"
[ "$fail" = 0 ] && [ "$pass" -gt 0 ]
