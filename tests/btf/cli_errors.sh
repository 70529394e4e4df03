#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
#
# cli_errors.sh BPFHIVE OBJ: bad input to `bpfhive btf dump` exits non-zero with exactly one
# line on stderr that names the file (or the bad argument) and the reason; nothing on stdout.
set -u
cli=$1 obj=$2
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fails=0 passes=0

# expect NAME STDERR_SUBSTRING ARGS...
expect() {
	name=$1 want=$2
	shift 2
	"$cli" "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	lines=$(wc -l <"$tmp/err")
	if [ $rc -ne 0 ] && [ "$lines" -eq 1 ] && grep -qF -- "$want" "$tmp/err" && [ ! -s "$tmp/out" ]; then
		passes=$((passes + 1))
	else
		fails=$((fails + 1))
		echo "FAIL $name: rc=$rc, stderr:"
		cat "$tmp/err"
	fi
}

head -c 1000 "$obj" >"$tmp/trunc.o"
printf 'hello' >"$tmp/tiny.btf"
# break the magic of .BTF (and .BTF.ext): every "9f eb 01 00" becomes "00 00 01 00"
LC_ALL=C sed 's/\x9f\xeb\x01\x00/\x00\x00\x01\x00/g' "$obj" >"$tmp/badbtf.o"

expect missing "/nonexistent.o: No such file or directory" btf dump file /nonexistent.o
expect truncated "$tmp/trunc.o: section header table" btf dump file "$tmp/trunc.o"
expect tiny "$tmp/tiny.btf: too small for a BTF header" btf dump file "$tmp/tiny.btf"
expect badbtf "$tmp/badbtf.o: .BTF: bad BTF magic" btf dump file "$tmp/badbtf.o"
expect format "unrecognized format specifier: 'x'" btf dump file "$obj" format x
expect json_c "JSON output for C-syntax dump is not supported" -j btf dump file "$obj" format c
expect source "unrecognized BTF source specifier: 'id'" btf dump id 1
expect option "unrecognized option: 'bogus'" btf dump file "$obj" bogus
expect command "unknown command 'frob'" btf frob
echo "$passes passed, $fails failed"
[ $fails -eq 0 ]
