#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
#
# One entry point for a fresh machine (Debian 12, root or sudo):
#   scripts/dev.sh main    install what is needed, build, and run the main example
#   scripts/dev.sh test    install what is needed, then build and test the dev (gcc, -Werror)
#                          and asan (clang-19, ASan+UBSan, libFuzzer smoke) configurations
#   scripts/dev.sh bench   build the release configuration and run every benchmark
# Set HIVE_SKIP_APT=1 to skip the package step (everything already installed).
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(cmake ninja-build gcc pkg-config clang-19 llvm-19 lld-19 libclang-rt-19-dev
	libcmocka-dev libelf-dev zlib1g-dev bpftool libbpf-dev clang-format)

setup() {
	[ "${HIVE_SKIP_APT:-0}" = 1 ] && return
	local missing=()
	for p in "${PACKAGES[@]}"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return
	local sudo=""
	[ "$(id -u)" -ne 0 ] && sudo=sudo
	echo "== installing: ${missing[*]}"
	$sudo apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
}

build() {
	cmake --preset "$1" >/dev/null
	cmake --build --preset "$1"
}

case "${1:-}" in
main)
	setup
	build release
	exec scripts/main-job.sh build/release
	;;
test)
	setup
	build dev
	ctest --preset dev
	# gcc -O2 finds warnings (maybe-uninitialized, bounds) that -O0 does not: the optimised
	# build must be warning-free too (benchmarks and the main job use it)
	cmake --preset release -DHIVE_WERROR=ON >/dev/null
	cmake --build --preset release
	build asan
	ctest --preset asan
	;;
bench)
	setup
	build release
	for b in build/release/bench/bench_*; do
		[ -x "$b" ] || continue
		echo "== $b"
		"$b"
	done
	;;
*)
	echo "usage: $0 {main|test|bench}" >&2
	exit 2
	;;
esac
