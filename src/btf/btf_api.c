// SPDX-License-Identifier: BSD-2-Clause
/*
 * btf/btf_api.c: the public edge of btf/ (include/bpfhive/btf.h): libbpf's naming, errors
 * converted to NULL/-errno with errno set, parse messages sent to the print callback.
 */
#include <errno.h>
#include <stdio.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "btf/btf_types.h"
#include "bpfhive/btf.h"
#include "btf/btf.h"
#include "common/err.h"
#include "common/log.h"

static struct hive_btf *parse_path(const char *path, const struct hive_btf *base)
{
	char errbuf[512] = "";
	struct btf_parse_opts opts = { .base = base,
				       .errbuf = errbuf,
				       .errbuf_sz = sizeof(errbuf) };
	struct hive_btf *btf;

	if (!path)
		return hive_ptr(ERR_PTR(-EINVAL));
	btf = btf_parse_file(path, &opts);
	if (IS_ERR(btf) && errbuf[0])
		pr_warn("%s\n", errbuf);
	return hive_ptr(btf);
}

HIVE_API struct hive_btf *hive_btf__parse(const char *path)
{
	return parse_path(path, NULL);
}

HIVE_API struct hive_btf *hive_btf__parse_split(const char *path, const struct hive_btf *base)
{
	return parse_path(path, base);
}

HIVE_API struct hive_btf *hive_btf__new_split(const void *data, size_t size,
					      const struct hive_btf *base)
{
	char errbuf[512] = "";
	struct btf_parse_opts opts = { .base = base,
				       .errbuf = errbuf,
				       .errbuf_sz = sizeof(errbuf) };
	struct hive_btf *btf = btf_parse_raw(data, size, &opts);

	if (IS_ERR(btf) && errbuf[0])
		pr_warn("BTF: %s\n", errbuf);
	return hive_ptr(btf);
}

HIVE_API struct hive_btf *hive_btf__new(const void *data, size_t size)
{
	return hive_btf__new_split(data, size, NULL);
}

struct hive_btf *btf_find_vmlinux(char *path, size_t path_sz)
{
	static const char *const fmts[] = {
		"/sys/kernel/btf/vmlinux",
		"/boot/vmlinux-%1$s",
		"/lib/modules/%1$s/vmlinux-%1$s",
		"/lib/modules/%1$s/build/vmlinux",
		"/usr/lib/modules/%1$s/kernel/vmlinux",
		"/usr/lib/debug/boot/vmlinux-%1$s",
		"/usr/lib/debug/boot/vmlinux-%1$s.debug",
		"/usr/lib/debug/lib/modules/%1$s/vmlinux",
	};
	struct utsname u;

	if (uname(&u))
		return ERR_PTR(-errno);
	for (size_t i = 0; i < ARRAY_SIZE(fmts); i++) {
		char buf[512];
		struct hive_btf *btf;

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral" /* the table above, one %s each */
		snprintf(buf, sizeof(buf), fmts[i], u.release);
#pragma GCC diagnostic pop
		if (access(buf, R_OK))
			continue;
		btf = btf_parse_file(buf, NULL);
		if (IS_ERR(btf))
			continue;
		if (path)
			snprintf(path, path_sz, "%s", buf);
		return btf;
	}
	return ERR_PTR(-ESRCH);
}

HIVE_API struct hive_btf *hive_btf__load_vmlinux_btf(void)
{
	struct hive_btf *btf = btf_find_vmlinux(NULL, 0);
	struct utsname u;

	if (PTR_ERR(btf) == -ESRCH && !uname(&u))
		pr_warn("failed to find the kernel's BTF (looked at /sys/kernel/btf/vmlinux and "
			"vmlinux images for %s)\n",
			u.release);
	return hive_ptr(btf);
}

HIVE_API void hive_btf__free(struct hive_btf *btf)
{
	btf_free(btf);
}

HIVE_API uint32_t hive_btf__type_cnt(const struct hive_btf *btf)
{
	return btf_type_cnt(btf);
}

HIVE_API const struct hive_btf *hive_btf__base_btf(const struct hive_btf *btf)
{
	return btf_base(btf);
}

HIVE_API const struct btf_type *hive_btf__type_by_id(const struct hive_btf *btf, uint32_t id)
{
	const struct btf_type *t = btf_type_by_id(btf, id);

	if (!t)
		errno = EINVAL;
	return t;
}

HIVE_API const char *hive_btf__name_by_offset(const struct hive_btf *btf, uint32_t offset)
{
	const char *s = btf_str_by_offset(btf, offset);

	if (!s)
		errno = EINVAL;
	return s;
}

HIVE_API const char *hive_btf__str_by_offset(const struct hive_btf *btf, uint32_t offset)
{
	return hive_btf__name_by_offset(btf, offset);
}

HIVE_API int32_t hive_btf__find_by_name(const struct hive_btf *btf, const char *name)
{
	return hive_err(btf_find_by_name_kind(btf, name, -1));
}

HIVE_API int32_t hive_btf__find_by_name_kind(const struct hive_btf *btf, const char *name,
					     uint32_t kind)
{
	if (kind > BTF_KIND_MAX)
		return hive_err(-EINVAL);
	return hive_err(btf_find_by_name_kind(btf, name, kind));
}

HIVE_API int64_t hive_btf__resolve_size(const struct hive_btf *btf, uint32_t id)
{
	int64_t sz = btf_resolve_size(btf, id);

	if (sz < 0)
		errno = (int)-sz;
	return sz;
}

HIVE_API int hive_btf__resolve_type(const struct hive_btf *btf, uint32_t id)
{
	return hive_err(btf_resolve_type(btf, id));
}

HIVE_API int hive_btf__align_of(const struct hive_btf *btf, uint32_t id)
{
	int align = btf_align_of(btf, id);

	return align > 0 ? align : hive_err(-EINVAL);
}

HIVE_API size_t hive_btf__pointer_size(const struct hive_btf *btf)
{
	return btf_ptr_size(btf);
}

HIVE_API const void *hive_btf__raw_data(const struct hive_btf *btf, uint32_t *size)
{
	const void *p = btf_raw_data((struct hive_btf *)btf, size);

	if (!p)
		errno = ENOMEM;
	return p;
}
