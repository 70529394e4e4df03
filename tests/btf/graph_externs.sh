#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
#
# graph_externs.sh BPFHIVE OBJ SRC: the graph-collections program compiled against our
# vmlinux.h declares no extern itself, and its BTF shows the kfuncs it calls as extern FUNCs
# (so their prototypes came from the generated vmlinux.h).
set -u
cli=$1 obj=$2 src=$3
# declarations start a line with `extern` (comments may mention the word)
for f in "$src" "$(dirname "$src")/progs.h"; do
	if grep -nE '^[[:space:]]*extern[[:space:]]' "$f"; then
		echo "FAIL: $f declares externs itself"
		exit 1
	fi
done
dump=$("$cli" btf dump file "$obj") || exit 1
fails=0
for k in bpf_obj_new_impl bpf_obj_drop_impl bpf_refcount_acquire_impl bpf_rbtree_add_impl \
	bpf_rbtree_first bpf_rbtree_remove bpf_list_push_back_impl bpf_list_pop_front; do
	if echo "$dump" | grep -q "FUNC '$k' type_id=[0-9]* linkage=extern"; then
		echo "ok: $k is an extern kfunc in $obj"
	else
		echo "FAIL: no extern FUNC '$k' in $obj"
		fails=$((fails + 1))
	fi
done
[ $fails -eq 0 ]
