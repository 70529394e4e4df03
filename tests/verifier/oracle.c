// SPDX-License-Identifier: BSD-2-Clause
/*
 * tests/verifier/oracle.c: raw bpf() wrappers that let tests ask the running kernel's verifier
 * for its verdict and log. Test-only: src/ never talks to the kernel.
 */
#include <errno.h>
#include <linux/bpf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "oracle.h"

static long sys_bpf(int cmd, union bpf_attr *attr, unsigned int size)
{
	return syscall(__NR_bpf, cmd, attr, size);
}

bool oracle_available(void)
{
	static int cached = -1;
	union bpf_attr attr;
	int fd;

	if (cached >= 0)
		return cached;
	memset(&attr, 0, sizeof(attr));
	attr.map_type = BPF_MAP_TYPE_ARRAY;
	attr.key_size = 4;
	attr.value_size = 4;
	attr.max_entries = 1;
	fd = (int)sys_bpf(BPF_MAP_CREATE, &attr, sizeof(attr));
	cached = fd >= 0;
	if (fd >= 0)
		close(fd);
	return cached;
}

int oracle_map_create(const struct oracle_map_spec *spec)
{
	union bpf_attr attr;
	int fd;

	memset(&attr, 0, sizeof(attr));
	attr.map_type = spec->type;
	attr.key_size = spec->key_size;
	attr.value_size = spec->value_size;
	attr.max_entries = spec->max_entries;
	attr.map_flags = spec->flags;
	attr.inner_map_fd = spec->inner_map_fd;
	if (spec->name)
		strncpy(attr.map_name, spec->name, sizeof(attr.map_name) - 1);
	if (spec->btf_fd > 0) {
		attr.btf_fd = spec->btf_fd;
		attr.btf_key_type_id = spec->btf_key_type_id;
		attr.btf_value_type_id = spec->btf_value_type_id;
	}
	fd = (int)sys_bpf(BPF_MAP_CREATE, &attr, sizeof(attr));
	return fd < 0 ? -errno : fd;
}

int oracle_map_update(int fd, const void *key, const void *value)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.map_fd = fd;
	attr.key = (uint64_t)(uintptr_t)key;
	attr.value = (uint64_t)(uintptr_t)value;
	return sys_bpf(BPF_MAP_UPDATE_ELEM, &attr, sizeof(attr)) < 0 ? -errno : 0;
}

int oracle_map_freeze(int fd)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.map_fd = fd;
	return sys_bpf(BPF_MAP_FREEZE, &attr, sizeof(attr)) < 0 ? -errno : 0;
}

int oracle_btf_load(const void *data, uint32_t size, char *log, uint32_t log_size)
{
	union bpf_attr attr;
	int fd;

	memset(&attr, 0, sizeof(attr));
	attr.btf = (uint64_t)(uintptr_t)data;
	attr.btf_size = size;
	if (log && log_size) {
		attr.btf_log_buf = (uint64_t)(uintptr_t)log;
		attr.btf_log_size = log_size;
		attr.btf_log_level = 1;
		log[0] = 0;
	}
	fd = (int)sys_bpf(BPF_BTF_LOAD, &attr, sizeof(attr));
	return fd < 0 ? -errno : fd;
}

int oracle_prog_load(struct oracle_prog *p)
{
	union bpf_attr attr;
	int fd;

	memset(&attr, 0, sizeof(attr));
	attr.prog_type = p->prog_type;
	attr.expected_attach_type = p->expected_attach_type;
	attr.prog_flags = p->prog_flags;
	attr.insns = (uint64_t)(uintptr_t)p->insns;
	attr.insn_cnt = p->insn_cnt;
	attr.license = (uint64_t)(uintptr_t) "GPL";
	attr.log_level = p->log_level;
	attr.log_size = p->log_size;
	attr.log_buf = (uint64_t)(uintptr_t)p->log;
	if (p->log && p->log_size)
		p->log[0] = 0;
	if (p->fd_array_cnt)
		attr.fd_array = (uint64_t)(uintptr_t)p->fd_array;
	if (p->prog_btf_fd > 0) {
		attr.prog_btf_fd = p->prog_btf_fd;
		attr.func_info = (uint64_t)(uintptr_t)p->func_info;
		attr.func_info_cnt = p->func_info_cnt;
		attr.func_info_rec_size = p->func_info_cnt ? sizeof(struct bpf_func_info) : 0;
		attr.line_info = (uint64_t)(uintptr_t)p->line_info;
		attr.line_info_cnt = p->line_info_cnt;
		attr.line_info_rec_size = p->line_info_cnt ? sizeof(struct bpf_line_info) : 0;
	}
	attr.attach_btf_id = p->attach_btf_id;
	attr.attach_btf_obj_fd = p->attach_btf_obj_fd;
	fd = (int)sys_bpf(BPF_PROG_LOAD, &attr, sizeof(attr));
	return fd < 0 ? -errno : fd;
}

int oracle_log_stats(const char *log, struct oracle_stats *st)
{
	const char *p = strstr(log, "processed ");
	const char *v = strstr(log, "verification time ");

	memset(st, 0, sizeof(*st));
	st->verification_usec = v ? strtol(v + strlen("verification time "), NULL, 10) : -1;
	/* the statistics line is the last "processed N insns" of the log */
	while (p) {
		const char *next = strstr(p + 1, "processed ");

		if (!next)
			break;
		p = next;
	}
	if (!p || sscanf(p,
			 "processed %ld insns (limit %*d) max_states_per_insn %ld total_states %ld "
			 "peak_states %ld mark_read %ld",
			 &st->insns, &st->max_states_per_insn, &st->total_states, &st->peak_states,
			 &st->mark_read) != 5)
		return -ENOENT;
	return 0;
}

static bool is_stats_line(const char *s, size_t n)
{
	static const char *const prefixes[] = { "processed ", "verification time ",
						"stack depth " };

	for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++) {
		size_t l = strlen(prefixes[i]);

		if (n >= l && !strncmp(s, prefixes[i], l))
			return true;
	}
	return false;
}

size_t oracle_log_error_line(const char *log, char *buf, size_t size)
{
	const char *end = log + strlen(log);

	while (end > log) {
		const char *line_end = end, *start;

		if (line_end > log && line_end[-1] == '\n')
			line_end--;
		start = line_end;
		while (start > log && start[-1] != '\n')
			start--;
		if (line_end > start && !is_stats_line(start, (size_t)(line_end - start))) {
			size_t n = (size_t)(line_end - start);
			const char *glued = memmem(start, n, "processed ", 10);

			/* a message without its newline ("...for tail call") runs into the
			 * statistics line: cut it there */
			if (glued && glued > start)
				n = (size_t)(glued - start);

			if (n >= size)
				n = size - 1;
			memcpy(buf, start, n);
			buf[n] = 0;
			return n;
		}
		end = start;
	}
	if (size)
		buf[0] = 0;
	return 0;
}

int oracle_prog_type_by_name(const char *name)
{
	static const struct {
		const char *name;
		int type;
	} types[] = {
		{ "socket_filter", BPF_PROG_TYPE_SOCKET_FILTER },
		{ "socket", BPF_PROG_TYPE_SOCKET_FILTER },
		{ "kprobe", BPF_PROG_TYPE_KPROBE },
		{ "tc", BPF_PROG_TYPE_SCHED_CLS },
		{ "sched_cls", BPF_PROG_TYPE_SCHED_CLS },
		{ "classifier", BPF_PROG_TYPE_SCHED_CLS },
		{ "sched_act", BPF_PROG_TYPE_SCHED_ACT },
		{ "tracepoint", BPF_PROG_TYPE_TRACEPOINT },
		{ "xdp", BPF_PROG_TYPE_XDP },
		{ "perf_event", BPF_PROG_TYPE_PERF_EVENT },
		{ "cgroup_skb", BPF_PROG_TYPE_CGROUP_SKB },
		{ "raw_tracepoint", BPF_PROG_TYPE_RAW_TRACEPOINT },
		{ "tracing", BPF_PROG_TYPE_TRACING },
		{ "syscall", BPF_PROG_TYPE_SYSCALL },
		{ "lsm", BPF_PROG_TYPE_LSM },
		{ "struct_ops", BPF_PROG_TYPE_STRUCT_OPS },
	};

	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (!strcmp(types[i].name, name))
			return types[i].type;
	return -1;
}

void oracle_close(int fd)
{
	if (fd >= 0)
		close(fd);
}
