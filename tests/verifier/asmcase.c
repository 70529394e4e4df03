// SPDX-License-Identifier: BSD-2-Clause
/*
 * tests/verifier/asmcase.c: read a verifier test program in assembler syntax together with its
 * header (program type, maps, expected verdict). See asmcase.h for the format.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "asmcase.h"
#include "btf/btf.h"
#include "btf/btf_types.h"
#include "common/uapi.h"
#include "isa/isa.h"
#include "oracle.h"

static const struct hive_btf *vmlinux;

void asmcase_set_vmlinux(const struct hive_btf *btf)
{
	vmlinux = btf;
}

int asmcase_map_type(const char *name)
{
	static const struct {
		const char *name;
		int type;
	} types[] = {
		{ "hash", BPF_MAP_TYPE_HASH },
		{ "array", BPF_MAP_TYPE_ARRAY },
		{ "prog_array", BPF_MAP_TYPE_PROG_ARRAY },
		{ "perf_event_array", BPF_MAP_TYPE_PERF_EVENT_ARRAY },
		{ "percpu_hash", BPF_MAP_TYPE_PERCPU_HASH },
		{ "percpu_array", BPF_MAP_TYPE_PERCPU_ARRAY },
		{ "stack_trace", BPF_MAP_TYPE_STACK_TRACE },
		{ "lru_hash", BPF_MAP_TYPE_LRU_HASH },
		{ "lru_percpu_hash", BPF_MAP_TYPE_LRU_PERCPU_HASH },
		{ "lpm_trie", BPF_MAP_TYPE_LPM_TRIE },
		{ "queue", BPF_MAP_TYPE_QUEUE },
		{ "stack", BPF_MAP_TYPE_STACK },
		{ "ringbuf", BPF_MAP_TYPE_RINGBUF },
		{ "bloom_filter", BPF_MAP_TYPE_BLOOM_FILTER },
		{ "devmap", BPF_MAP_TYPE_DEVMAP },
		{ "xskmap", BPF_MAP_TYPE_XSKMAP },
		{ "cpumap", BPF_MAP_TYPE_CPUMAP },
	};

	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (!strcmp(types[i].name, name))
			return types[i].type;
	return -1;
}

static int parse_map(struct asmcase *c, char *s, char *err, size_t err_size)
{
	struct asmcase_map *m;
	char name[64], type[64];
	int n = 0, t;
	char *p;

	if (c->nr_maps >= ASMCASE_MAX_MAPS) {
		snprintf(err, err_size, "too many maps");
		return -E2BIG;
	}
	m = &c->maps[c->nr_maps];
	memset(m, 0, sizeof(*m));
	if (sscanf(s, "%63s %63s %n", name, type, &n) < 2) {
		snprintf(err, err_size, "bad map line '%s'", s);
		return -EINVAL;
	}
	t = asmcase_map_type(type);
	if (t < 0) {
		snprintf(err, err_size, "unknown map type '%s'", type);
		return -EINVAL;
	}
	snprintf(m->name, sizeof(m->name), "%.15s", name);
	m->type = (uint32_t)t;
	for (p = strtok(s + n, " \t"); p; p = strtok(NULL, " \t")) {
		unsigned long v;
		char key[32];

		if (sscanf(p, "%31[a-z]=%li", key, (long *)&v) != 2) {
			snprintf(err, err_size, "bad map attribute '%s'", p);
			return -EINVAL;
		}
		if (!strcmp(key, "key"))
			m->key_size = (uint32_t)v;
		else if (!strcmp(key, "value"))
			m->value_size = (uint32_t)v;
		else if (!strcmp(key, "entries"))
			m->max_entries = (uint32_t)v;
		else if (!strcmp(key, "flags"))
			m->flags = (uint32_t)v;
		else {
			snprintf(err, err_size, "unknown map attribute '%s'", key);
			return -EINVAL;
		}
	}
	c->nr_maps++;
	return 0;
}

static int parse_header_line(struct asmcase *c, char *line, char *err, size_t err_size)
{
	char *v = strchr(line, ':');

	if (!v)
		return 0;
	*v++ = 0;
	while (*v == ' ' || *v == '\t')
		v++;
	v[strcspn(v, "\r\n")] = 0;
	if (!strcmp(line, "type")) {
		c->prog_type = oracle_prog_type_by_name(v);
		if (c->prog_type < 0) {
			snprintf(err, err_size, "unknown program type '%s'", v);
			return -EINVAL;
		}
	} else if (!strcmp(line, "attach")) {
		c->expected_attach_type = (uint32_t)strtoul(v, NULL, 0);
	} else if (!strcmp(line, "attach_func")) {
		snprintf(c->attach_func, sizeof(c->attach_func), "%s", v);
	} else if (!strcmp(line, "sleepable")) {
		if (atoi(v))
			c->prog_flags |= 1u << 4; /* BPF_F_SLEEPABLE */
	} else if (!strcmp(line, "flags")) {
		c->prog_flags = (uint32_t)strtoul(v, NULL, 0);
	} else if (!strcmp(line, "map")) {
		return parse_map(c, v, err, err_size);
	} else if (!strcmp(line, "expect")) {
		c->has_expect = true;
		if (!strncmp(v, "accept", 6)) {
			c->expect_accept = true;
		} else if (!strncmp(v, "reject", 6)) {
			c->expect_accept = false;
			v += 6;
			while (*v == ' ')
				v++;
			snprintf(c->expect_msg, sizeof(c->expect_msg), "%s", v);
		} else {
			snprintf(err, err_size, "bad expect '%s'", v);
			return -EINVAL;
		}
	}
	return 0;
}

/* Replace $kfunc(NAME) / $btf(NAME) by vmlinux BTF ids. Returns a new string or NULL. */
static char *subst_btf_ids(const char *src, char *err, size_t err_size)
{
	size_t cap = strlen(src) + 1, len = 0;
	char *out = malloc(cap);
	const char *p = src;

	while (out && *p) {
		const char *q = strchr(p, '$');
		int kind = 0, id;
		char name[128];
		size_t n;

		if (!q)
			q = p + strlen(p);
		n = (size_t)(q - p);
		memcpy(out + len, p, n);
		len += n;
		p = q;
		if (!*p)
			break;
		if (!strncmp(p, "$kfunc(", 7))
			kind = BTF_KIND_FUNC;
		else if (!strncmp(p, "$btf(", 5))
			kind = BTF_KIND_STRUCT;
		if (!kind || sscanf(strchr(p, '(') + 1, "%127[A-Za-z0-9_]", name) != 1) {
			out[len++] = *p++;
			continue;
		}
		id = vmlinux ? btf_find_by_name_kind(vmlinux, name, kind) : -ENOENT;
		if (id <= 0) {
			snprintf(err, err_size, "no vmlinux BTF id for '%s'", name);
			free(out);
			return NULL;
		}
		q = strchr(p, ')');
		p = q ? q + 1 : p + strlen(p);
		/* ids are at most 10 digits, the placeholder is longer */
		len += (size_t)snprintf(out + len, cap - len, "%d", id);
	}
	if (out)
		out[len] = 0;
	return out;
}

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long n;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET))
		goto out;
	buf = malloc((size_t)n + 1);
	if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		buf = NULL;
		goto out;
	}
	if (buf) {
		buf[n] = 0;
		*len = (size_t)n;
	}
out:
	fclose(f);
	return buf;
}

int asmcase_load(const char *path, struct asmcase *c, char *err, size_t err_size)
{
	struct isa_error ierr;
	char *src, *line, *save = NULL, *copy;
	const char *base;
	size_t len = 0;
	int ret;

	memset(c, 0, sizeof(*c));
	c->prog_type = oracle_prog_type_by_name("socket_filter");
	snprintf(c->path, sizeof(c->path), "%s", path);
	base = strrchr(path, '/');
	snprintf(c->name, sizeof(c->name), "%s", base ? base + 1 : path);
	src = read_file(path, &len);
	if (!src) {
		snprintf(err, err_size, "%s: cannot read", path);
		return -errno ?: -EIO;
	}
	copy = strdup(src);
	if (!copy) {
		free(src);
		return -ENOMEM;
	}
	for (line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (line[0] != '#')
			continue;
		line++;
		while (*line == ' ')
			line++;
		ret = parse_header_line(c, line, err, err_size);
		if (ret) {
			free(copy);
			free(src);
			return ret;
		}
	}
	free(copy);
	if (c->attach_func[0]) {
		int id = -ENOENT;

		if (vmlinux) {
			char tp[160];

			id = btf_find_by_name_kind(vmlinux, c->attach_func, BTF_KIND_FUNC);
			if (id <= 0) {
				snprintf(tp, sizeof(tp), "btf_trace_%s", c->attach_func);
				id = btf_find_by_name_kind(vmlinux, tp, BTF_KIND_TYPEDEF);
			}
		}
		if (id <= 0) {
			snprintf(err, err_size, "%s: no attach target '%s'", path, c->attach_func);
			free(src);
			return -ENOENT;
		}
		c->attach_btf_id = (uint32_t)id;
	}
	copy = subst_btf_ids(src, err, err_size);
	free(src);
	if (!copy)
		return -ENOENT;
	src = copy;
	len = strlen(src);
	ret = isa_assemble(src, len, &c->insns, &c->insn_cnt, &ierr);
	free(src);
	if (ret) {
		snprintf(err, err_size, "%s:%d: %s", path, ierr.idx, ierr.msg);
		return ret;
	}
	return 0;
}

void asmcase_free(struct asmcase *c)
{
	free(c->insns);
	c->insns = NULL;
}
