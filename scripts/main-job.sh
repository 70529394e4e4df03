#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# The README's main job: the best end-to-end example that bpfhive can run today.
set -euo pipefail
build=${1:-build/release}
"$build"/bpfhive version
