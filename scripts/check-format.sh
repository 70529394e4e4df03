#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# scripts/check-format.sh [SRC_DIR]: every C file git tracks is as clang-format (the repo's
# .clang-format) writes it. Prints the files that are not and exits 1; run `clang-format -i`
# on them. Outside a git checkout the tracked files are unknown: it says SKIP and exits 77.
set -u
cd "${1:-$(dirname "$0")/..}"
if ! files=$(git ls-files '*.c' '*.h' 2>/dev/null) || [ -z "$files" ]; then
	echo "SKIP: not a git checkout"
	exit 77
fi
bad=0
while read -r f; do
	if ! clang-format "$f" | cmp -s - "$f"; then
		echo "not clang-formatted: $f"
		bad=$((bad + 1))
	fi
done <<<"$files"
echo "$(wc -l <<<"$files") files checked, $bad not formatted"
[ "$bad" = 0 ]
