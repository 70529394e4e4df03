// SPDX-License-Identifier: BSD-2-Clause
/*
 * tests/records/kern_obj.c: load a BPF object's BTF and maps into the kernel with Debian's
 * libbpf (tests only), programs left out, and report whether the kernel accepted the BTF and
 * created every map *with* its BTF value type (libbpf would otherwise silently retry without).
 */
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "kern_obj.h"

static char *log_buf;
static size_t log_sz;

__attribute__((format(printf, 2, 0))) static int keep_warnings(enum libbpf_print_level level,
							       const char *fmt, va_list ap)
{
	size_t used = strlen(log_buf);

	if (level == LIBBPF_WARN && used + 1 < log_sz)
		vsnprintf(log_buf + used, log_sz - used, fmt, ap);
	return 0;
}

int kern_load_object(const char *path, char *msg, size_t msg_sz, int *nr_maps)
{
	struct bpf_object *obj;
	struct bpf_program *prog;
	struct bpf_map *map;
	int err;

	msg[0] = 0;
	log_buf = msg;
	log_sz = msg_sz;
	libbpf_set_print(keep_warnings);
	obj = bpf_object__open_file(path, NULL);
	err = libbpf_get_error(obj);
	if (err)
		return err;
	bpf_object__for_each_program(prog, obj) bpf_program__set_autoload(prog, false);
	err = bpf_object__load(obj);
	if (!err && bpf_object__btf_fd(obj) < 0)
		err = -ENODATA; /* the kernel refused the BTF, libbpf went on without it */
	*nr_maps = 0;
	bpf_object__for_each_map(map, obj)
	{
		struct bpf_map_info info;
		__u32 len = sizeof(info);

		if (err)
			break;
		memset(&info, 0, sizeof(info));
		err = bpf_obj_get_info_by_fd(bpf_map__fd(map), &info, &len);
		if (!err && !info.btf_value_type_id) {
			snprintf(msg, msg_sz, "map %s was created without BTF", bpf_map__name(map));
			err = -ENODATA;
		}
		(*nr_maps)++;
	}
	bpf_object__close(obj);
	libbpf_set_print(NULL);
	return err;
}
