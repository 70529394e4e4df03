#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# tests/backend/cli_run.sh BPFHIVE PROGS_DIR: `bpfhive run` end to end: results, --json shape,
# --dump-maps, and one clear error line (non-zero exit) for every kind of bad input.
set -u
bpfhive=$1
progs=$2
fails=0
passes=0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

ok() { passes=$((passes + 1)); }
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

# expect_ok NAME PATTERN ARGS...: exit 0 and stdout matching PATTERN (grep -E)
expect_ok() {
	local name=$1 pat=$2
	shift 2
	if "$bpfhive" "$@" >"$work/out" 2>"$work/err" && grep -qE -- "$pat" "$work/out"; then
		ok
	else
		fail "$name: expected success matching '$pat'"
		cat "$work/out" "$work/err"
	fi
}

# expect_err NAME PATTERN ARGS...: non-zero exit, last stderr line matching PATTERN
expect_err() {
	local name=$1 pat=$2
	shift 2
	if "$bpfhive" "$@" >"$work/out" 2>"$work/err"; then
		fail "$name: succeeded, expected an error"
	elif ! tail -1 "$work/err" | grep -qE -- "^bpfhive: error: .*$pat"; then
		fail "$name: error line does not match '$pat':"
		cat "$work/err"
	else
		ok
	fi
}

tcp4="02 00 00 00 00 01 02 00 00 00 00 02 08 00 45 10 00 28 12 34 40 00 40 06 5b 6e 0a 01 02 03
      c0 a8 85 96 30 39 00 50 01 02 03 04 00 00 00 00 50 02 20 00 6c 3f 00 00"

# a syscall program: ctx in, written back, retval
expect_ok syscall "retval 5 \(0x5\)" run "$progs/api.bpf.o" --prog count \
	--ctx-hex "0300000000000000 0000000000000000"
expect_ok syscall-ctx "0000: 03 00 00 00 00 00 00 00 44 16 00 00 00 00 00 00" \
	run "$progs/api.bpf.o" --prog count --ctx-hex "0300000000000000 0000000000000000"
# --no-jit: the interpreter, the same results (the JSON without its duration)
for j in "" --no-jit; do
	"$bpfhive" run "$progs/pkt_tc.bpf.o" --prog tc_parse --data-hex "$tcp4" --dump-maps --json $j 2>/dev/null |
		sed 's/"duration_ns": *[0-9]*//' >"$work/json$j"
done
if [ -s "$work/json" ] && cmp -s "$work/json" "$work/json--no-jit"; then ok; else
	fail "--no-jit: output differs from the JIT's"
fi

# --json: one object with the documented keys
expect_ok json '^\{"retval":0,"duration_ns":[0-9]+,"data_out":"020000000001.*"maps":\{' \
	run "$progs/pkt_tc.bpf.o" --prog tc_parse --data-hex "$tcp4" --dump-maps --json --repeat 3
if command -v python3 >/dev/null; then
	"$bpfhive" run "$progs/pkt_tc.bpf.o" --prog tc_parse --data-hex "$tcp4" --dump-maps --json \
		>"$work/j" 2>/dev/null
	if python3 - "$work/j" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert set(["retval", "duration_ns", "data_out", "maps"]) <= set(d), d.keys()
assert d["retval"] == 0
assert d["maps"]["counters"][0] == {"key": "00000000", "value": "0100000000000000"}, d["maps"]["counters"]
assert len(d["maps"]["pcpu"][0]["value"]) == 2 * 8 * len(d["maps"]["pcpu"][0]["value"]) // 16
PY
	then ok; else fail "json: content"; fi
fi
expect_ok dump-maps "by_proto \(hash\)" run "$progs/pkt_tc.bpf.o" --prog tc_parse \
	--data-hex "$tcp4" --dump-maps
expect_ok data-file "retval 2" run "$progs/pkt_tc.bpf.o" --prog tc_parse --data-in <(
	printf '\x02\x00\x00\x00\x00\x01\x02\x00\x00\x00\x00\x02\x86\xdd')
expect_ok runtime-btf "retval 2850 " run "$progs/sys_maps.bpf.o" --prog sys_fill --runtime-btf \
	--ctx-hex "03000000000000000a00000000000000 $(printf '0%.0s' $(seq 96))"
expect_ok json-syscall '^\{"retval":0,"duration_ns":0,"data_out":"","ctx_out":"09000000' \
	run "$progs/api.bpf.o" --prog emit --ctx-hex "0900000000000000 0000000000000000" --json
expect_ok files "retval 0" run "$progs/pkt_tc.bpf.o" --prog tc_parse --data-hex "$tcp4" \
	--data-out "$work/d.bin" --ctx-out "$work/c.bin"
if [ "$(stat -c %s "$work/d.bin")" = 54 ] && [ "$(stat -c %s "$work/c.bin")" = 192 ]; then
	ok
else
	fail "files: --data-out/--ctx-out sizes"
fi
expect_ok printk "emit 9" run "$progs/api.bpf.o" --prog emit --ctx-hex "0900000000000000 0000000000000000"
# XDP without --ctx-in: the packet is linear up to 3520 bytes, the rest in fragments (the whole
# packet comes back); with --ctx-in data_end sets the linear part
head -c 5000 /dev/zero >"$work/p5000"
expect_ok xdp-frags "retval 3 .*|data_out: 5000 bytes" run "$progs/pkt_xdp.bpf.o" --prog xdp_swap \
	--data-in "$work/p5000"
expect_ok xdp-frags-len "value 8813000000000000c00d" run "$progs/pkt_xdp_frags.bpf.o" \
	--prog xdp_frags_rw --data-in "$work/p5000" --dump-maps
expect_ok xdp-frags-linear "value 8813000000000000c800" run "$progs/pkt_xdp_frags.bpf.o" \
	--prog xdp_frags_rw --data-in "$work/p5000" --dump-maps --ctx-hex "00000000 c8000000"

# errors: one line, non-zero exit
expect_err missing-file "no-such.o" run "$work/no-such.o"
expect_err no-object "expecting an object file" run
expect_err bad-option "unknown option or extra argument '--bogus'" run "$progs/api.bpf.o" --bogus x
expect_err bad-hex "--data-hex: bad hex at character 3" run "$progs/pkt_tc.bpf.o" --prog tc_parse --data-hex "02zz"
expect_err bad-repeat "--repeat: 'lots' is not a number" run "$progs/api.bpf.o" --prog count --repeat lots
expect_err no-prog "no program named 'nope'" run "$progs/api.bpf.o" --prog nope
expect_err many-progs "pick one with --prog: count emit push" run "$progs/api.bpf.o"
expect_err short-packet "test run failed: Invalid argument" run "$progs/pkt_tc.bpf.o" --prog tc_parse --data-hex "0102"
expect_err syscall-repeat "test run failed: Invalid argument" run "$progs/api.bpf.o" --prog count --repeat 2
expect_err rejected "prog 'no_null_check': failed to load: -EACCES" run "$progs/rejected.bpf.o"
if ! grep -q "R0 invalid mem access 'map_value_or_null'" "$work/err"; then
	fail "rejected: the verifier log is not printed"
else
	ok
fi
head -c 73153 /dev/zero >"$work/p73153"
expect_err xdp-too-big "test run failed: Cannot allocate memory" run "$progs/pkt_xdp.bpf.o" \
	--prog xdp_swap --data-in "$work/p73153"
if ! grep -q "17 fragments of 4096 bytes hold at most 73152 bytes" "$work/err"; then
	fail "xdp-too-big: no reason before the error line"
	cat "$work/err"
else
	ok
fi
printf 'garbage' >"$work/garbage.o"
expect_err garbage "garbage.o" run "$work/garbage.o"

echo "$passes passed, $fails failed"
[ "$fails" -eq 0 ]
