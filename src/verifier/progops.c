// SPDX-License-Identifier: BSD-2-Clause
/*
 * verifier/progops.c: the verifier's questions about the program type, answered by the
 * per-type tables (protos.h, ctx.h, prog_types.h, kfuncs.h). The tables write their messages
 * to a vlog_buf; they are moved into the verifier log in order, as the kernel's table
 * functions write straight into it. Socket loads (struct bpf_sock & co, net/core/filter.c)
 * are answered here.
 */
#include <errno.h>
#include <string.h>

#include "verifier/progops.h"

#define TABLE_LOG_SIZE 2048

struct table_log {
	struct vlog_buf vb;
	char buf[TABLE_LOG_SIZE];
};

static struct vlog_buf *table_log_init(struct table_log *tl)
{
	vlog_init(&tl->vb, tl->buf, sizeof(tl->buf));
	return &tl->vb;
}

static void table_log_flush(struct bpf_verifier_env *env, struct table_log *tl)
{
	if (tl->vb.len && tl->buf[0])
		verbose(env, "%s", tl->buf);
}

bool prog_ctx_access(struct bpf_verifier_env *env, int off, int size, enum bpf_access_type t,
		     struct bpf_insn_access_aux *info)
{
	struct table_log tl;
	int err;

	info->log = table_log_init(&tl);
	err = ctx_check_access(&env->prog_desc, off, size, t, info->is_ldsx, info->log, info);
	info->log = NULL;
	table_log_flush(env, &tl);
	return err == 0;
}

bool prog_ctx_convertible(struct bpf_verifier_env *env)
{
	const struct hive_verifier_ops *ops = verifier_ops_get(env->prog_type);

	return ops && ops->convert_ctx_access;
}

int prog_convert_ctx_insn(struct bpf_verifier_env *env, const struct hive_insn *insn,
			  enum bpf_access_type type, int ctx_field_size, struct hive_insn *buf)
{
	return ctx_convert_insn(&env->prog_desc, insn, type, ctx_field_size, buf);
}

/* ---- socket pointers (struct bpf_sock, bpf_tcp_sock, bpf_xdp_sock) ---- */

#define BPF_SOCK_SIZE 80
#define BPF_SOCK_DST_PORT 48
#define BPF_TCP_SOCK_SIZE 112
#define BPF_XDP_SOCK_SIZE 4

static bool ctx_narrow_access_ok(int off, int size, int size_default)
{
	return size <= size_default && (off & (size_default - 1)) == 0;
}

static bool bpf_sock_is_valid_access(int off, int size, struct bpf_insn_access_aux *info)
{
	if (off < 0 || off >= BPF_SOCK_SIZE || off % size != 0)
		return false;
	/* family..protocol, src addresses and ports, dst addresses, state, rx queue */
	if (off == 4 || off == 8 || off == 12 || off == 44 || off == 76 || off == 72 ||
	    (off >= 24 && off < 44) || (off >= 52 && off < 72)) {
		info->ctx_field_size = 4;
		return ctx_narrow_access_ok(off, size, 4);
	}
	if (off >= BPF_SOCK_DST_PORT && off < BPF_SOCK_DST_PORT + 2) {
		int field_size = size == 4 ? 4 : 2;

		info->ctx_field_size = field_size;
		return ctx_narrow_access_ok(off, size, field_size);
	}
	if (off >= BPF_SOCK_DST_PORT + 2 && off < 52)
		return false;
	return size == 4;
}

bool prog_sock_access(struct bpf_verifier_env *env, u32 reg_type, int off, int size,
		      enum bpf_access_type t, struct bpf_insn_access_aux *info)
{
	(void)env;
	(void)t;
	switch (reg_type) {
	case PTR_TO_SOCK_COMMON:
		/* type, protocol, mark, priority are not in sock_common */
		if (off >= 8 && off < 24)
			return false;
		return bpf_sock_is_valid_access(off, size, info);
	case PTR_TO_SOCKET:
		return bpf_sock_is_valid_access(off, size, info);
	case PTR_TO_TCP_SOCK:
		if (off < 0 || off >= BPF_TCP_SOCK_SIZE || off % size != 0)
			return false;
		if (off == 80 || off == 88) /* bytes_received, bytes_acked */
			return size == 8;
		return size == 4;
	case PTR_TO_XDP_SOCK:
		if (off < 0 || off >= BPF_XDP_SOCK_SIZE || off % size != 0)
			return false;
		return size == 4;
	default:
		return false;
	}
}

int prog_btf_struct_write(struct bpf_verifier_env *env, const struct bpf_reg_state *reg, int off,
			  int size)
{
	(void)env;
	(void)reg;
	(void)off;
	(void)size;
	/* no program type here has a writable kernel struct (tc's nf_conn is not modelled) */
	return -ENOTSUPP;
}

/* ---- helpers ---- */

int prog_helper_proto(struct bpf_verifier_env *env, int func_id, const struct bpf_func_proto **fn)
{
	struct table_log tl;
	int err;

	err = verifier_check_helper(&env->prog_desc, func_id, in_sleepable(env),
				    table_log_init(&tl), fn);
	table_log_flush(env, &tl);
	return err;
}

const struct bpf_func_proto *helper_proto_quiet(struct bpf_verifier_env *env, int func_id)
{
	if (func_id < 0 || func_id >= __BPF_FUNC_MAX_ID)
		return NULL;
	return verifier_get_func_proto(&env->prog_desc, func_id);
}

/* ---- program-type facts ---- */

bool prog_may_ld_abs(struct bpf_verifier_env *env)
{
	return prog_may_access_skb(env->prog_type);
}

bool prog_is_tracing(struct bpf_verifier_env *env)
{
	return prog_is_tracing_type(env->prog_type);
}

bool prog_needs_recursion_check(struct bpf_verifier_env *env)
{
	return prog_check_recur(&env->prog_desc);
}

/* LSM hooks with a known return range (bpf_lsm_get_retval_range). */
bool prog_func_retval_range(struct bpf_verifier_env *env, struct bpf_retval_range *range)
{
	struct prog_retval_rule rule;

	if (env->prog_type != BPF_PROG_TYPE_LSM || env->in->expected_attach_type != BPF_LSM_MAC)
		return false;
	prog_retval_rule(&env->prog_desc, &rule);
	if (rule.kind != PROG_RETVAL_RANGE)
		return false;
	*range = rule.range;
	return true;
}

int prog_sleepable_check(struct bpf_verifier_env *env)
{
	struct table_log tl;
	int err = prog_check_sleepable(&env->prog_desc, table_log_init(&tl));

	table_log_flush(env, &tl);
	return err;
}
