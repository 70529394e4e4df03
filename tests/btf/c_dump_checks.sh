#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
#
# c_dump_checks.sh CHECK BTF_FILE BPFHIVE LAYOUT_GEN CLANG [MIN_CHECKS]: checks of the C dump.
#   compiles:  `bpfhive btf dump file BTF_FILE format c` compiles with clang -target bpf
#   layout:    the _Static_asserts LAYOUT_GEN derives from the BTF (sizeof, _Alignof,
#              offsetof of every named member) hold for that header; at least MIN_CHECKS
set -u
check=$1 file=$2 bpfhive=$3 gen=$4 clang=$5 min=${6:-1}
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
"$bpfhive" btf dump file "$file" format c >"$tmp/vmlinux.h" || { echo "FAIL: dump failed"; exit 1; }
case $check in
compiles)
	printf '#include "vmlinux.h"\nint hive_probe;\n' >"$tmp/t.c"
	;;
layout)
	"$gen" "$file" >"$tmp/t.c" 2>"$tmp/count" || { cat "$tmp/count"; exit 1; }
	n=$(sed -n 's/^\([0-9]*\) layout checks$/\1/p' "$tmp/count")
	echo "$n layout checks generated"
	if [ "${n:-0}" -lt "$min" ]; then
		echo "FAIL: expected at least $min checks"
		exit 1
	fi
	;;
*) echo "unknown check $check"; exit 2 ;;
esac
if ! "$clang" -target bpf -O2 -c -fsyntax-only -Wall -Wextra -Werror -I"$tmp" "$tmp/t.c" 2>"$tmp/err"; then
	echo "FAIL: clang rejected the generated header:"
	head -30 "$tmp/err"
	exit 1
fi
echo "PASS: $check ($(wc -l <"$tmp/vmlinux.h") header lines)"
