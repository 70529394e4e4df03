#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
#
# diff_bpftool.sh MODE FILE BPFHIVE DUMP_COMPAT: dump FILE's BTF with bpfhive and with Debian's
# bpftool and require identical bytes. MODE is raw, json (-j), pretty (-p) or c (bpftool 7.1's
# C layout, produced by DUMP_COMPAT). Exits 77 (ctest SKIP) when bpftool is not installed.
set -u
mode=$1 file=$2 bpfhive=$3 compat=$4
bpftool=$(command -v bpftool || ls /usr/sbin/bpftool 2>/dev/null)
if [ -z "$bpftool" ]; then
	echo "SKIP: bpftool is not installed, cannot compare with it"
	exit 77
fi
if [ ! -r "$file" ]; then
	echo "FAIL: $file does not exist (were the test programs built?)"
	exit 1
fi
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
case $mode in
raw) "$bpfhive" btf dump file "$file" >"$tmp/ours" && "$bpftool" btf dump file "$file" >"$tmp/theirs" ;;
json) "$bpfhive" -j btf dump file "$file" >"$tmp/ours" && "$bpftool" -j btf dump file "$file" >"$tmp/theirs" ;;
pretty) "$bpfhive" -p btf dump file "$file" >"$tmp/ours" && "$bpftool" -p btf dump file "$file" >"$tmp/theirs" ;;
c) "$compat" "$file" >"$tmp/ours" && "$bpftool" btf dump file "$file" format c >"$tmp/theirs" ;;
*) echo "unknown mode $mode"; exit 2 ;;
esac || { echo "FAIL: a dump command failed"; exit 1; }
if cmp -s "$tmp/ours" "$tmp/theirs"; then
	echo "PASS: $mode dump of $file identical to bpftool's ($(wc -c <"$tmp/ours") bytes)"
	exit 0
fi
echo "FAIL: $mode dump of $file differs from bpftool's:"
diff "$tmp/theirs" "$tmp/ours" | head -40
exit 1
