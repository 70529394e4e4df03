/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * tests/graph/kside.h: the kernel side of the graph corpus: whole BPF objects loaded with
 * Debian's libbpf (tests only), one or a few programs per load, test runs, global variables
 * and map updates, raw BTF uploads. Every function returns 0 or -errno and never exits.
 */
#ifndef __GC_KSIDE_H
#define __GC_KSIDE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ks_obj;

/* The packet tc-style test runs get (both sides use the same bytes). */
extern const unsigned char gc_pkt_v4[64];

/* ks_available() - may this process load BPF programs? Else @why says why. */
bool ks_available(char *why, size_t why_sz);

/*
 * ks_load() - open the object at @path, mark exactly the programs named in @progs (NULL
 * terminated) for loading, and load it (maps, then those programs) with the verifier log at
 * @log_level (0: 1). On failure @log holds the verifier log of the program that failed or,
 * when nothing reached the verifier (map creation, BTF), what libbpf reported; *@out is NULL.
 * On success *@out is the loaded object (ks_close()).
 */
int ks_load(const char *path, const char *const *progs, uint32_t log_level, char *log,
	    size_t log_sz, struct ks_obj **out);
void ks_close(struct ks_obj *o);

/*
 * ks_run() - BPF_PROG_TEST_RUN on program @prog: tc-style programs get a 64-byte IPv4/TCP
 * packet, syscall programs no context. *@retval is the kernel's 32-bit retval.
 */
int ks_run(struct ks_obj *o, const char *prog, uint32_t *retval, uint32_t repeat,
	   uint64_t *wall_ns);
/*
 * ks_run_ctx() - the same with a context (@ctx, @ctx_sz bytes): what syscall programs get as
 * their argument. *@wall_ns (if not NULL) is the wall time of the @repeat runs.
 */
int ks_run_ctx(struct ks_obj *o, const char *prog, const void *ctx, uint32_t ctx_sz,
	       uint32_t *retval, uint32_t repeat, uint64_t *wall_ns);
/* ks_prog_fd() - fd of a loaded program, or -ENOENT. */
int ks_prog_fd(struct ks_obj *o, const char *prog);

/*
 * ks_read_var() - the value of global @var ("name" or "name[index]", an integer of 1/2/4/8
 * bytes or an array of them) read from its data section's map, sign-extended.
 */
int ks_read_var(struct ks_obj *o, const char *var, int64_t *val);

/*
 * ks_fill_map() - BPF_MAP_UPDATE_ELEM of key 0 of map @map (or data section, e.g. ".data.A")
 * with @size bytes of @byte: the kernel keeps the special fields and frees what they held.
 */
int ks_fill_map(struct ks_obj *o, const char *map, uint32_t size, uint8_t byte);

/* ks_btf_load() - BPF_BTF_LOAD of raw BTF; the fd is closed again. Log in @log. */
int ks_btf_load(const void *raw, size_t size, char *log, size_t log_sz);

#endif /* __GC_KSIDE_H */
