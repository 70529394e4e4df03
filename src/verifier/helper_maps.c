// SPDX-License-Identifier: BSD-2-Clause
/*
 * verifier/helper_maps.c: the helper/map pairing rules and the format strings of
 * bpf_snprintf() (kernel/bpf/verifier.c check_map_func_compatibility(),
 * kernel/bpf/helpers.c bpf_bprintf_prepare()).
 *
 * Some map types only work with their own helpers (a prog array only with bpf_tail_call, a
 * ringbuf only with the ringbuf helpers), and some helpers only with one map type: both
 * directions are checked, with one message for either.
 */
#include <ctype.h>
#include <errno.h>
#include <string.h>

#include "verifier/env.h"

static bool may_update_sockmap(struct bpf_verifier_env *env, int func_id)
{
	if (func_id != BPF_FUNC_map_update_elem && func_id != BPF_FUNC_map_delete_elem)
		return false;
	/* where no locked socket can be reached, updates are safe */
	switch (env->prog_type) {
	case BPF_PROG_TYPE_TRACING:
		if (env->in->expected_attach_type == BPF_TRACE_ITER)
			return true;
		break;
	case BPF_PROG_TYPE_SOCK_OPS:
		if (func_id == BPF_FUNC_map_delete_elem)
			return true;
		break;
	case BPF_PROG_TYPE_SOCKET_FILTER:
	case BPF_PROG_TYPE_SCHED_CLS:
	case BPF_PROG_TYPE_SCHED_ACT:
	case BPF_PROG_TYPE_XDP:
	case BPF_PROG_TYPE_SK_REUSEPORT:
	case BPF_PROG_TYPE_FLOW_DISSECTOR:
	case BPF_PROG_TYPE_SK_LOOKUP:
		return true;
	default:
		break;
	}
	verbose(env, "cannot update sockmap in this context\n");
	return false;
}

static bool in_list(int func_id, const int *ids, size_t cnt)
{
	for (size_t i = 0; i < cnt; i++)
		if (ids[i] == func_id)
			return true;
	return false;
}

#define IN(...) \
	in_list(func_id, (const int[]){ __VA_ARGS__ }, sizeof((int[]){ __VA_ARGS__ }) / sizeof(int))

/* The map's side: which helpers this map type accepts. */
static bool map_accepts_func(struct bpf_verifier_env *env, u32 map_type, int func_id)
{
	switch (map_type) {
	case BPF_MAP_TYPE_PROG_ARRAY:
		return func_id == BPF_FUNC_tail_call;
	case BPF_MAP_TYPE_PERF_EVENT_ARRAY:
		return IN(BPF_FUNC_perf_event_read, BPF_FUNC_perf_event_output, BPF_FUNC_skb_output,
			  BPF_FUNC_perf_event_read_value, BPF_FUNC_xdp_output);
	case BPF_MAP_TYPE_RINGBUF:
		return IN(BPF_FUNC_ringbuf_output, BPF_FUNC_ringbuf_reserve, BPF_FUNC_ringbuf_query,
			  BPF_FUNC_ringbuf_reserve_dynptr, BPF_FUNC_ringbuf_submit_dynptr,
			  BPF_FUNC_ringbuf_discard_dynptr);
	case BPF_MAP_TYPE_USER_RINGBUF:
		return func_id == BPF_FUNC_user_ringbuf_drain;
	case BPF_MAP_TYPE_STACK_TRACE:
		return func_id == BPF_FUNC_get_stackid;
	case BPF_MAP_TYPE_CGROUP_ARRAY:
		return IN(BPF_FUNC_skb_under_cgroup, BPF_FUNC_current_task_under_cgroup);
	case BPF_MAP_TYPE_CGROUP_STORAGE:
	case BPF_MAP_TYPE_PERCPU_CGROUP_STORAGE:
		return func_id == BPF_FUNC_get_local_storage;
	case BPF_MAP_TYPE_DEVMAP:
	case BPF_MAP_TYPE_DEVMAP_HASH:
	case BPF_MAP_TYPE_XSKMAP:
		return IN(BPF_FUNC_redirect_map, BPF_FUNC_map_lookup_elem);
	case BPF_MAP_TYPE_CPUMAP:
		return func_id == BPF_FUNC_redirect_map;
	case BPF_MAP_TYPE_ARRAY_OF_MAPS:
	case BPF_MAP_TYPE_HASH_OF_MAPS:
		return func_id == BPF_FUNC_map_lookup_elem;
	case BPF_MAP_TYPE_SOCKMAP:
		return IN(BPF_FUNC_sk_redirect_map, BPF_FUNC_sock_map_update,
			  BPF_FUNC_msg_redirect_map, BPF_FUNC_sk_select_reuseport,
			  BPF_FUNC_map_lookup_elem) ||
		       may_update_sockmap(env, func_id);
	case BPF_MAP_TYPE_SOCKHASH:
		return IN(BPF_FUNC_sk_redirect_hash, BPF_FUNC_sock_hash_update,
			  BPF_FUNC_msg_redirect_hash, BPF_FUNC_sk_select_reuseport,
			  BPF_FUNC_map_lookup_elem) ||
		       may_update_sockmap(env, func_id);
	case BPF_MAP_TYPE_REUSEPORT_SOCKARRAY:
		return func_id == BPF_FUNC_sk_select_reuseport;
	case BPF_MAP_TYPE_QUEUE:
	case BPF_MAP_TYPE_STACK:
		return IN(BPF_FUNC_map_peek_elem, BPF_FUNC_map_pop_elem, BPF_FUNC_map_push_elem);
	case BPF_MAP_TYPE_SK_STORAGE:
		return IN(BPF_FUNC_sk_storage_get, BPF_FUNC_sk_storage_delete, BPF_FUNC_kptr_xchg);
	case BPF_MAP_TYPE_INODE_STORAGE:
		return IN(BPF_FUNC_inode_storage_get, BPF_FUNC_inode_storage_delete,
			  BPF_FUNC_kptr_xchg);
	case BPF_MAP_TYPE_TASK_STORAGE:
		return IN(BPF_FUNC_task_storage_get, BPF_FUNC_task_storage_delete,
			  BPF_FUNC_kptr_xchg);
	case BPF_MAP_TYPE_CGRP_STORAGE:
		return IN(BPF_FUNC_cgrp_storage_get, BPF_FUNC_cgrp_storage_delete,
			  BPF_FUNC_kptr_xchg);
	case BPF_MAP_TYPE_BLOOM_FILTER:
		return IN(BPF_FUNC_map_peek_elem, BPF_FUNC_map_push_elem);
	default:
		return true;
	}
}

/* The helper's side: which map types this helper accepts. */
static bool func_accepts_map(int func_id, u32 t)
{
	switch (func_id) {
	case BPF_FUNC_tail_call:
		return t == BPF_MAP_TYPE_PROG_ARRAY;
	case BPF_FUNC_perf_event_read:
	case BPF_FUNC_perf_event_output:
	case BPF_FUNC_perf_event_read_value:
	case BPF_FUNC_skb_output:
	case BPF_FUNC_xdp_output:
		return t == BPF_MAP_TYPE_PERF_EVENT_ARRAY;
	case BPF_FUNC_ringbuf_output:
	case BPF_FUNC_ringbuf_reserve:
	case BPF_FUNC_ringbuf_query:
	case BPF_FUNC_ringbuf_reserve_dynptr:
	case BPF_FUNC_ringbuf_submit_dynptr:
	case BPF_FUNC_ringbuf_discard_dynptr:
		return t == BPF_MAP_TYPE_RINGBUF;
	case BPF_FUNC_user_ringbuf_drain:
		return t == BPF_MAP_TYPE_USER_RINGBUF;
	case BPF_FUNC_get_stackid:
		return t == BPF_MAP_TYPE_STACK_TRACE;
	case BPF_FUNC_current_task_under_cgroup:
	case BPF_FUNC_skb_under_cgroup:
		return t == BPF_MAP_TYPE_CGROUP_ARRAY;
	case BPF_FUNC_redirect_map:
		return t == BPF_MAP_TYPE_DEVMAP || t == BPF_MAP_TYPE_DEVMAP_HASH ||
		       t == BPF_MAP_TYPE_CPUMAP || t == BPF_MAP_TYPE_XSKMAP;
	case BPF_FUNC_sk_redirect_map:
	case BPF_FUNC_msg_redirect_map:
	case BPF_FUNC_sock_map_update:
		return t == BPF_MAP_TYPE_SOCKMAP;
	case BPF_FUNC_sk_redirect_hash:
	case BPF_FUNC_msg_redirect_hash:
	case BPF_FUNC_sock_hash_update:
		return t == BPF_MAP_TYPE_SOCKHASH;
	case BPF_FUNC_get_local_storage:
		return t == BPF_MAP_TYPE_CGROUP_STORAGE || t == BPF_MAP_TYPE_PERCPU_CGROUP_STORAGE;
	case BPF_FUNC_sk_select_reuseport:
		return t == BPF_MAP_TYPE_REUSEPORT_SOCKARRAY || t == BPF_MAP_TYPE_SOCKMAP ||
		       t == BPF_MAP_TYPE_SOCKHASH;
	case BPF_FUNC_map_pop_elem:
		return t == BPF_MAP_TYPE_QUEUE || t == BPF_MAP_TYPE_STACK;
	case BPF_FUNC_map_peek_elem:
	case BPF_FUNC_map_push_elem:
		return t == BPF_MAP_TYPE_QUEUE || t == BPF_MAP_TYPE_STACK ||
		       t == BPF_MAP_TYPE_BLOOM_FILTER;
	case BPF_FUNC_map_lookup_percpu_elem:
		return t == BPF_MAP_TYPE_PERCPU_ARRAY || t == BPF_MAP_TYPE_PERCPU_HASH ||
		       t == BPF_MAP_TYPE_LRU_PERCPU_HASH;
	case BPF_FUNC_sk_storage_get:
	case BPF_FUNC_sk_storage_delete:
		return t == BPF_MAP_TYPE_SK_STORAGE;
	case BPF_FUNC_inode_storage_get:
	case BPF_FUNC_inode_storage_delete:
		return t == BPF_MAP_TYPE_INODE_STORAGE;
	case BPF_FUNC_task_storage_get:
	case BPF_FUNC_task_storage_delete:
		return t == BPF_MAP_TYPE_TASK_STORAGE;
	case BPF_FUNC_cgrp_storage_get:
	case BPF_FUNC_cgrp_storage_delete:
		return t == BPF_MAP_TYPE_CGRP_STORAGE;
	default:
		return true;
	}
}

int check_map_func_compatibility(struct bpf_verifier_env *env, const struct hive_verifier_map *map,
				 int func_id)
{
	if (!map)
		return 0;
	if (!map_accepts_func(env, map->type, func_id) || !func_accepts_map(func_id, map->type))
		goto error;
	/* the JIT supports tail calls from subprograms on x86-64 */
	return 0;
error:
	verbose(env, "cannot pass map_type %d into func %s#%d\n", map->type, func_id_name(func_id),
		func_id);
	return -EINVAL;
}

/* ---- bpf_snprintf format strings ---- */

static int check_pointer_spec(const char *fmt, int *i)
{
	char n = fmt[*i + 1];

	/* %p followed by nothing, a space or punctuation */
	if (n == 0 || isspace((unsigned char)n) || ispunct((unsigned char)n))
		return 0;
	if ((n == 'k' || n == 'u') && fmt[*i + 2] == 's') {
		*i += 2;
		return 1; /* a string */
	}
	if (n == 'K' || n == 'x' || n == 's' || n == 'S' || n == 'B') {
		(*i)++;
		return 0;
	}
	/* only %pI4, %pi4, %pI6 and %pi6 */
	if ((n != 'i' && n != 'I') || (fmt[*i + 2] != '4' && fmt[*i + 2] != '6'))
		return -EINVAL;
	*i += 2;
	return 0;
}

static int check_one_spec(const char *fmt, int *ip)
{
	int i = *ip, ret = 0;
	char c = fmt[i];

	/* optional "[0 +-][num]" width */
	while (c == '0' || c == '+' || c == '-' || c == ' ')
		c = fmt[++i];
	if (c >= '1' && c <= '9') {
		i++;
		while (fmt[i] >= '0' && fmt[i] <= '9')
			i++;
	}
	if (fmt[i] == 'p') {
		ret = check_pointer_spec(fmt, &i);
		if (ret <= 0)
			goto out;
	}
	if (fmt[i] == 's' || ret == 1) {
		char n = fmt[i + 1];

		ret = (n != 0 && !isspace((unsigned char)n) && !ispunct((unsigned char)n)) ?
			      -EINVAL :
			      0;
		goto out;
	}
	if (fmt[i] == 'c')
		goto out;
	if (fmt[i] == 'l')
		i++;
	if (fmt[i] == 'l')
		i++;
	if (fmt[i] != 'i' && fmt[i] != 'd' && fmt[i] != 'u' && fmt[i] != 'x' && fmt[i] != 'X')
		ret = -EINVAL;
out:
	*ip = i;
	return ret;
}

/* bpf_bprintf_prepare() without output: printable ASCII, known specifiers, enough args. */
static int check_bprintf_format(const char *fmt, size_t size, u32 num_args)
{
	const char *end = memchr(fmt, 0, size);
	u32 num_spec = 0;
	int len, err;

	if (!end)
		return -EINVAL;
	len = (int)(end - fmt);
	for (int i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)fmt[i];

		if ((!isprint(ch) && !isspace(ch)) || !isascii(ch))
			return -EINVAL;
		if (ch != '%')
			continue;
		if (fmt[i + 1] == '%') {
			i++;
			continue;
		}
		if (num_spec >= num_args)
			return -EINVAL;
		i++;
		err = check_one_spec(fmt, &i);
		if (err)
			return err;
		num_spec++;
	}
	return 0;
}

int check_bpf_snprintf_call(struct bpf_verifier_env *env, struct bpf_reg_state *regs)
{
	struct bpf_reg_state *fmt_reg = &regs[BPF_REG_3];
	struct bpf_reg_state *data_len_reg = &regs[BPF_REG_5];
	const struct hive_verifier_map *fmt_map = fmt_reg->map_ptr;
	int fmt_map_off, err;
	u32 num_args;

	/* data is an array of u64 */
	if (data_len_reg->var_off.value % 8)
		return -EINVAL;
	num_args = (u32)(data_len_reg->var_off.value / 8);
	/* ARG_PTR_TO_CONST_STR: constant offset into a frozen read-only array */
	fmt_map_off = fmt_reg->off + (int)fmt_reg->var_off.value;
	if (!fmt_map->data || (u32)fmt_map_off >= fmt_map->value_size) {
		verbose(env, "failed to retrieve map value address\n");
		return -EFAULT;
	}
	err = check_bprintf_format((const char *)fmt_map->data + fmt_map_off,
				   fmt_map->value_size - (u32)fmt_map_off, num_args);
	if (err < 0)
		verbose(env, "Invalid format string\n");
	return err;
}
