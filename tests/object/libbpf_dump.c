// SPDX-License-Identifier: BSD-2-Clause
/*
 * tests/object/libbpf_dump.c: the libbpf side of the differential test. Prints, in the
 * canonical text of hive_dump.c, what libbpf 1.1 (the system's libbpf, test-only) makes of an
 * object: program types, map definitions, and each program's final instructions with their
 * func_info and line_info.
 *
 * How the final instructions are obtained: libbpf 1.1 has no hook after relocation for the
 * standard section handlers (prog_prepare_load_fn exists only for custom sections, and
 * bpf_program__insns() is not guaranteed to show what was sent), so this program defines
 * syscall() itself: libbpf calls syscall(__NR_bpf, ...) through the PLT, the executable's
 * definition interposes, and BPF_PROG_LOAD's attr is copied as libbpf passes it to the kernel
 * (instructions, func_info, line_info) before the call is refused with EACCES (the kernel's
 * verdict is not the point here, and refusing keeps the kernel out of it). Each program is
 * captured from its own open/load with only that program autoloaded, so that one program's
 * failure cannot hide another's instructions. Map references (fds) are mapped back to map names
 * through bpf_map__fd() at capture time, kfunc BTF ids to names through vmlinux BTF.
 *
 * Usage: libbpf_dump OBJ [--btf TARGET_BTF] [--prog NAME]
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dlfcn.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/bpf.h>
#include <sys/syscall.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

struct capture {
	struct bpf_insn *insns;
	unsigned int cnt;
	void *func_info, *line_info;
	unsigned int func_info_cnt, func_info_rec, line_info_cnt, line_info_rec;
	char **map_by_fd; /* fd -> map name at capture time */
	int nr_fds;
	bool done;
};

static struct bpf_object *cur_obj;
static const char *cur_prog;
static struct capture cap;

static void *dup_user(__u64 ptr, size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p && n)
		memcpy(p, (const void *)(unsigned long)ptr, n);
	return p;
}

static void record(const union bpf_attr *attr)
{
	struct bpf_map *map;

	cap.insns = dup_user(attr->insns, attr->insn_cnt * sizeof(struct bpf_insn));
	cap.cnt = attr->insn_cnt;
	cap.func_info_cnt = attr->func_info_cnt;
	cap.func_info_rec = attr->func_info_rec_size;
	cap.func_info =
		dup_user(attr->func_info, (size_t)attr->func_info_cnt * attr->func_info_rec_size);
	cap.line_info_cnt = attr->line_info_cnt;
	cap.line_info_rec = attr->line_info_rec_size;
	cap.line_info =
		dup_user(attr->line_info, (size_t)attr->line_info_cnt * attr->line_info_rec_size);
	cap.nr_fds = 1024;
	cap.map_by_fd = calloc(cap.nr_fds, sizeof(char *));
	bpf_object__for_each_map(map, cur_obj)
	{
		int fd = bpf_map__fd(map);

		if (fd >= 0 && fd < cap.nr_fds)
			cap.map_by_fd[fd] = strdup(bpf_map__name(map));
	}
	cap.done = true;
}

long syscall(long nr, ...)
{
	static long (*real)(long, ...);
	long a[6];
	va_list ap;

	va_start(ap, nr);
	for (int i = 0; i < 6; i++)
		a[i] = va_arg(ap, long);
	va_end(ap);
	if (!real)
		real = (long (*)(long, ...))dlsym(RTLD_NEXT, "syscall");
	if (nr == __NR_bpf && a[0] == BPF_PROG_LOAD && cur_prog) {
		const union bpf_attr *attr = (const union bpf_attr *)a[1];

		if (!strncmp(attr->prog_name, cur_prog, BPF_OBJ_NAME_LEN - 1) && attr->insn_cnt) {
			if (!cap.done)
				record(attr);
			errno = EACCES;
			return -1;
		}
	}
	return real(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
}

static const struct btf *vmlinux(void)
{
	static struct btf *btf;

	if (!btf)
		btf = btf__load_vmlinux_btf();
	return libbpf_get_error(btf) ? NULL : btf;
}

static void print_insn(unsigned int i, const struct bpf_insn *insn, const struct bpf_insn *prev)
{
	bool second = prev && prev->code == (BPF_LD | BPF_IMM | BPF_DW);

	printf("  %u: %02x %u %u %d ", i, insn->code, insn->dst_reg, insn->src_reg, insn->off);
	if (!second && insn->code == (BPF_LD | BPF_IMM | BPF_DW) &&
	    (insn->src_reg == BPF_PSEUDO_MAP_FD || insn->src_reg == BPF_PSEUDO_MAP_VALUE) &&
	    insn->imm >= 0 && insn->imm < cap.nr_fds && cap.map_by_fd[insn->imm]) {
		printf("map:%s\n", cap.map_by_fd[insn->imm]);
		return;
	}
	if (insn->code == (BPF_JMP | BPF_CALL) && insn->src_reg == BPF_PSEUDO_KFUNC_CALL &&
	    !insn->off && vmlinux()) {
		const struct btf_type *t = btf__type_by_id(vmlinux(), insn->imm);

		if (t) {
			printf("kfunc:%s\n", btf__name_by_offset(vmlinux(), t->name_off));
			return;
		}
	}
	printf("%d\n", insn->imm);
}

static void print_capture(struct bpf_program *prog)
{
	printf("prog %s sec %s type %s attach %s insns %u\n", bpf_program__name(prog),
	       bpf_program__section_name(prog), libbpf_bpf_prog_type_str(bpf_program__type(prog)),
	       libbpf_bpf_attach_type_str(bpf_program__expected_attach_type(prog)), cap.cnt);
	for (unsigned int i = 0; i < cap.cnt; i++)
		print_insn(i, &cap.insns[i], i ? &cap.insns[i - 1] : NULL);
	for (unsigned int i = 0; i < cap.func_info_cnt; i++) {
		const __u32 *r = (const __u32 *)((char *)cap.func_info + i * cap.func_info_rec);

		printf("  func_info %u %u\n", r[0], r[1]);
	}
	for (unsigned int i = 0; i < cap.line_info_cnt; i++) {
		const __u32 *r = (const __u32 *)((char *)cap.line_info + i * cap.line_info_rec);

		printf("  line_info %u %u %u %u %u\n", r[0], r[1], r[2], r[3] >> 10, r[3] & 0x3ff);
	}
}

static void free_capture(void)
{
	free(cap.insns);
	free(cap.func_info);
	free(cap.line_info);
	for (int i = 0; i < cap.nr_fds; i++)
		free(cap.map_by_fd[i]);
	free(cap.map_by_fd);
	memset(&cap, 0, sizeof(cap));
}

__attribute__((format(printf, 2, 0))) static int silent(enum libbpf_print_level level,
							const char *fmt, va_list ap)
{
	if (level == LIBBPF_WARN && getenv("LIBBPF_DUMP_VERBOSE"))
		return vfprintf(stderr, fmt, ap);
	return 0;
}

/* Open, autoload only @name, load (captured and refused), print. 0 if captured. */
static int capture_prog(const char *path, const struct bpf_object_open_opts *opts, const char *name,
			bool print_maps)
{
	struct bpf_object *obj = bpf_object__open_file(path, opts);
	struct bpf_program *prog, *target = NULL;
	struct bpf_map *map;

	if (!obj)
		return -1;
	bpf_object__for_each_program(prog, obj)
	{
		bool me = !strcmp(bpf_program__name(prog), name);

		bpf_program__set_autoload(prog, me);
		if (me)
			target = prog;
	}
	cur_obj = obj;
	cur_prog = name;
	bpf_object__load(obj);
	cur_prog = NULL;
	if (cap.done && target)
		print_capture(target);
	else
		printf("prog %s: not captured (libbpf failed before BPF_PROG_LOAD)\n", name);
	free_capture();
	if (print_maps)
		bpf_object__for_each_map(map, obj) printf(
			"map %s type %s key %u value %u max %u flags %#x numa %u extra %llu\n",
			bpf_map__name(map), libbpf_bpf_map_type_str(bpf_map__type(map)),
			bpf_map__key_size(map), bpf_map__value_size(map), bpf_map__max_entries(map),
			bpf_map__map_flags(map), bpf_map__numa_node(map),
			(unsigned long long)bpf_map__map_extra(map));
	bpf_object__close(obj);
	return 0;
}

int main(int argc, char **argv)
{
	LIBBPF_OPTS(bpf_object_open_opts, opts);
	const char *only = NULL, *last = NULL;
	struct bpf_program *prog;
	struct bpf_object *obj;
	char **names;
	int n = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: %s OBJ [--btf FILE] [--prog NAME]\n", argv[0]);
		return 2;
	}
	for (int i = 2; i + 1 < argc; i += 2) {
		if (!strcmp(argv[i], "--btf"))
			opts.btf_custom_path = argv[i + 1];
		else if (!strcmp(argv[i], "--prog"))
			only = argv[i + 1];
	}
	libbpf_set_print(silent);
	obj = bpf_object__open_file(argv[1], &opts);
	if (!obj) {
		printf("error: libbpf failed to open %s\n", argv[1]);
		return 1;
	}
	names = calloc(256, sizeof(*names));
	bpf_object__for_each_program(prog,
				     obj) if (n < 256 && bpf_program__autoload(prog) &&
					      (!only || !strcmp(only, bpf_program__name(prog))))
		names[n++] = strdup(bpf_program__name(prog));
	bpf_object__close(obj);
	if (n)
		last = names[n - 1];
	for (int i = 0; i < n; i++)
		capture_prog(argv[1], &opts, names[i], names[i] == last);
	if (!n) {
		/* no program: still show the maps as libbpf defines them */
		obj = bpf_object__open_file(argv[1], &opts);
		for (struct bpf_map *map = bpf_object__next_map(obj, NULL); map;
		     map = bpf_object__next_map(obj, map))
			printf("map %s\n", bpf_map__name(map));
		bpf_object__close(obj);
	}
	for (int i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return 0;
}
