// SPDX-License-Identifier: BSD-2-Clause
/*
 * object/kconfig.c: values of __kconfig externs (spec E.3), written into the .kconfig map's
 * image at each extern's offset.
 *
 * CONFIG_* come from, in order: the caller's text (opts.kconfig), then a config file (the one
 * named in opts.kconfig_path, else /boot/config-$(uname -r), else /proc/config.gz; plain or
 * gzip). The first assignment wins. `y`/`n`/`m` set bool/tristate/char externs, "..." a char
 * array, anything else must be an integer (strtoull base 0, range-checked for the extern's
 * size and signedness). Virtual LINUX_* externs are computed: LINUX_KERNEL_VERSION from
 * /proc/version_signature, a Debian uname version or the release; LINUX_HAS_BPF_COOKIE and
 * LINUX_HAS_SYSCALL_WRAPPER from the target BTF (what a kernel probe would find).
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>
#include <zlib.h>

#include "object/object_internal.h"

#define KERNEL_VERSION(a, b, c) (((a) << 16) + ((b) << 8) + ((c) > 255 ? 255 : (c)))

static struct obj_extern *find_kcfg(struct hive_object *obj, const char *name)
{
	for (size_t i = 0; i < obj->nr_externs; i++)
		if (obj->externs[i].type == EXT_KCFG && !strcmp(obj->externs[i].name, name))
			return &obj->externs[i];
	return NULL;
}

static int set_tri(struct hive_object *obj, struct obj_extern *ext, uint8_t *val, char c)
{
	switch (ext->kcfg.type) {
	case KCFG_BOOL:
		if (c == 'm')
			return obj_fail(
				obj, -EINVAL,
				"extern (kcfg) '%s': value '%c' implies tristate or char type",
				ext->name, c);
		*val = c == 'y';
		break;
	case KCFG_TRISTATE: {
		uint32_t tri = c == 'y' ? 1 : c == 'm' ? 2 : 0;

		memcpy(val, &tri, 4);
		break;
	}
	case KCFG_CHAR:
		*val = (uint8_t)c;
		break;
	default:
		return obj_fail(
			obj, -EINVAL,
			"extern (kcfg) '%s': value '%c' implies bool, tristate, or char type",
			ext->name, c);
	}
	ext->is_set = true;
	return 0;
}

static int set_str(struct hive_object *obj, struct obj_extern *ext, uint8_t *val, const char *value)
{
	size_t len = strlen(value);

	if (ext->kcfg.type != KCFG_CHAR_ARR)
		return obj_fail(obj, -EINVAL,
				"extern (kcfg) '%s': value '%s' implies char array type", ext->name,
				value);
	if (len < 2 || value[len - 1] != '"')
		return obj_fail(obj, -EINVAL, "extern (kcfg) '%s': invalid string config '%s'",
				ext->name, value);
	len -= 2;
	if (len >= (size_t)ext->kcfg.sz) {
		obj_warn(obj,
			 "extern (kcfg) '%s': long string '%s' of (%zu bytes) truncated to %d "
			 "bytes",
			 ext->name, value, len, ext->kcfg.sz - 1);
		len = ext->kcfg.sz - 1;
	}
	memcpy(val, value + 1, len);
	val[len] = '\0';
	ext->is_set = true;
	return 0;
}

static bool in_range(const struct obj_extern *ext, uint64_t v)
{
	int bits = ext->kcfg.sz * 8;

	if (ext->kcfg.sz == 8)
		return true;
	if (ext->kcfg.is_signed)
		return v + (1ULL << (bits - 1)) < (1ULL << bits);
	return (v >> bits) == 0;
}

static int set_num(struct hive_object *obj, struct obj_extern *ext, uint8_t *val, uint64_t v)
{
	if (ext->kcfg.type != KCFG_INT && ext->kcfg.type != KCFG_CHAR &&
	    ext->kcfg.type != KCFG_BOOL)
		return obj_fail(
			obj, -EINVAL,
			"extern (kcfg) '%s': value '%llu' implies integer, char, or boolean "
			"type",
			ext->name, (unsigned long long)v);
	if (ext->kcfg.type == KCFG_BOOL && v > 1)
		return obj_fail(obj, -EINVAL,
				"extern (kcfg) '%s': value '%llu' isn't boolean "
				"compatible",
				ext->name, (unsigned long long)v);
	if (!in_range(ext, v))
		return obj_fail(obj, -ERANGE,
				"extern (kcfg) '%s': value '%llu' doesn't fit in %d "
				"bytes",
				ext->name, (unsigned long long)v, ext->kcfg.sz);
	switch (ext->kcfg.sz) {
	case 1:
	case 2:
	case 4:
	case 8:
		memcpy(val, &v, ext->kcfg.sz); /* little-endian host: the low bytes */
		break;
	default:
		return -EINVAL;
	}
	ext->is_set = true;
	return 0;
}

static int set_int_str(struct hive_object *obj, struct obj_extern *ext, uint8_t *val,
		       const char *value)
{
	char *end;
	uint64_t v;

	errno = 0;
	v = strtoull(value, &end, 0);
	if (errno || *end)
		return obj_fail(obj, errno ? -errno : -EINVAL,
				"extern (kcfg) '%s': value '%s' isn't a valid integer", ext->name,
				value);
	if (ext->kcfg.type != KCFG_INT && ext->kcfg.type != KCFG_CHAR)
		return obj_fail(obj, -EINVAL, "extern (kcfg) '%s': value '%s' implies integer type",
				ext->name, value);
	return set_num(obj, ext, val, v);
}

/* One "CONFIG_X=value" line (modified in place); other lines are ignored. */
int obj_kconfig_parse_line(struct hive_object *obj, void *data, const char *line)
{
	char buf[1024], *sep, *value;
	struct obj_extern *ext;
	size_t len;
	int err;

	if (strncmp(line, "CONFIG_", 7))
		return 0;
	snprintf(buf, sizeof(buf), "%s", line);
	len = strlen(buf);
	if (len && buf[len - 1] == '\n')
		buf[len - 1] = '\0';
	sep = strchr(buf, '=');
	if (!sep)
		return obj_fail(obj, -EINVAL, "failed to parse '%s': no separator", buf);
	if (!sep[1])
		return obj_fail(obj, -EINVAL, "failed to parse '%s': no value", buf);
	*sep = '\0';
	ext = find_kcfg(obj, buf);
	if (!ext || ext->is_set)
		return 0;
	value = sep + 1;
	switch (*value) {
	case 'y':
	case 'n':
	case 'm':
		err = set_tri(obj, ext, (uint8_t *)data + ext->kcfg.data_off, *value);
		break;
	case '"':
		err = set_str(obj, ext, (uint8_t *)data + ext->kcfg.data_off, value);
		break;
	default:
		err = set_int_str(obj, ext, (uint8_t *)data + ext->kcfg.data_off, value);
		break;
	}
	if (!err)
		obj_debug(obj, "extern (kcfg) '%s': set to %s", ext->name, value);
	return err;
}

static int parse_text(struct hive_object *obj, void *data, const char *text)
{
	while (*text) {
		const char *nl = strchr(text, '\n');
		size_t n = nl ? (size_t)(nl - text) : strlen(text);
		char line[1024];
		int err;

		snprintf(line, sizeof(line), "%.*s", (int)hive_min(n, sizeof(line) - 1), text);
		err = obj_kconfig_parse_line(obj, data, line);
		if (err) {
			char reason[448];

			snprintf(reason, sizeof(reason), "%s", obj_last_reason(obj));
			return obj_fail(obj, err, "%s (in-memory Kconfig line '%s')", reason, line);
		}
		text += n + (nl ? 1 : 0);
	}
	return 0;
}

static gzFile open_config(struct hive_object *obj, char *path, size_t sz)
{
	struct utsname uts;
	gzFile f;

	if (obj->kconfig_path) {
		snprintf(path, sz, "%s", obj->kconfig_path);
		return gzopen(path, "re");
	}
	if (obj->hermetic)
		return NULL;
	if (!uname(&uts)) {
		snprintf(path, sz, "/boot/config-%s", uts.release);
		f = gzopen(path, "re");
		if (f)
			return f;
	}
	snprintf(path, sz, "/proc/config.gz");
	return gzopen(path, "re");
}

static int parse_file(struct hive_object *obj, void *data)
{
	char path[PATH_MAX], line[1024];
	gzFile f = open_config(obj, path, sizeof(path));
	int err = 0;

	if (!f && obj->kconfig_path)
		return obj_fail(obj, -ENOENT, "failed to open Kconfig file '%s'",
				obj->kconfig_path);
	if (!f)
		return obj_fail(obj, -ENOENT,
				"failed to open system Kconfig (/boot/config-%s, "
				"/proc/config.gz)",
				"$(uname -r)");
	while (!err && gzgets(f, line, sizeof(line))) {
		err = obj_kconfig_parse_line(obj, data, line);
		if (err) {
			char reason[448];

			line[strcspn(line, "\n")] = '\0';
			snprintf(reason, sizeof(reason), "%s", obj_last_reason(obj));
			obj_fail(obj, err, "%s (%s line '%s')", reason, path, line);
		}
	}
	gzclose(f);
	return err;
}

/* CONFIG_* externs: the caller's text, then the config file if anything is still unset. */
int obj_kconfig_load(struct hive_object *obj, void *data)
{
	bool need_file = false;
	int err;

	if (obj->kconfig) {
		err = parse_text(obj, data, obj->kconfig);
		if (err)
			return err;
	}
	for (size_t i = 0; i < obj->nr_externs; i++)
		if (obj->externs[i].type == EXT_KCFG && !obj->externs[i].is_set)
			need_file = true;
	return need_file ? parse_file(obj, data) : 0;
}

static uint32_t kernel_version(void)
{
	unsigned int a, b, c;
	struct utsname uts;
	const char *p;
	FILE *f;

	f = fopen("/proc/version_signature", "re");
	if (f) {
		int n = fscanf(f, "%*s %*s %u.%u.%u", &a, &b, &c);

		fclose(f);
		if (n == 3)
			return KERNEL_VERSION(a, b, c);
	}
	if (uname(&uts))
		return 0;
	p = strstr(uts.version, " Debian ");
	if (p && sscanf(p, " Debian %u.%u.%u", &a, &b, &c) == 3)
		return KERNEL_VERSION(a, b, c);
	if (sscanf(uts.release, "%u.%u.%u", &a, &b, &c) == 3)
		return KERNEL_VERSION(a, b, c);
	return 0;
}

/* Does enum @enum_name of @btf have an enumerator @val_name? */
static bool has_enumerator(const struct hive_btf *btf, const char *enum_name, const char *val_name)
{
	int id = btf_find_by_name_kind(btf, enum_name, BTF_KIND_ENUM);
	const struct btf_type *t = id > 0 ? btf_type_by_id(btf, id) : NULL;

	for (uint32_t i = 0; t && i < btf_vlen(t); i++)
		if (!strcmp(btf_name(btf, btf_enum(t)[i].name_off), val_name))
			return true;
	return false;
}

/* What libbpf's kernel probes would say, judged from the kernel's BTF (0 without one). */
static uint64_t virtual_probe(struct hive_object *obj, const char *name)
{
	const struct hive_btf *btf = obj_vmlinux_btf(obj);

	if (!btf && obj->backend && obj->backend->target_btf)
		btf = obj->backend->target_btf(obj->backend_ctx);
	if (!btf)
		return 0;
	if (!strcmp(name, "LINUX_HAS_BPF_COOKIE"))
		return has_enumerator(btf, "bpf_func_id", "BPF_FUNC_get_attach_cookie");
#if defined(__x86_64__)
	return btf_find_by_name_kind(btf, "__x64_sys_bpf", BTF_KIND_FUNC) > 0;
#elif defined(__aarch64__)
	return btf_find_by_name_kind(btf, "__arm64_sys_bpf", BTF_KIND_FUNC) > 0;
#else
	return 0;
#endif
}

/* LINUX_* externs: computed, never read from a config. */
int obj_kconfig_virtual(struct hive_object *obj, void *data)
{
	for (size_t i = 0; i < obj->nr_externs; i++) {
		struct obj_extern *ext = &obj->externs[i];
		uint64_t v = 0;
		int err;

		if (ext->type != EXT_KCFG || !strncmp(ext->name, "CONFIG_", 7))
			continue;
		if (!strcmp(ext->name, "LINUX_KERNEL_VERSION")) {
			v = kernel_version();
			if (!v)
				return obj_fail(obj, -EINVAL,
						"extern (kcfg) '%s': failed to get "
						"kernel version",
						ext->name);
		} else if (!strcmp(ext->name, "LINUX_HAS_BPF_COOKIE") ||
			   !strcmp(ext->name, "LINUX_HAS_SYSCALL_WRAPPER")) {
			v = virtual_probe(obj, ext->name);
		} else if (strncmp(ext->name, "LINUX_", 6) || !ext->is_weak) {
			return obj_fail(obj, -EINVAL,
					"extern (kcfg) '%s': unrecognized virtual extern",
					ext->name);
		}
		err = set_num(obj, ext, (uint8_t *)data + ext->kcfg.data_off, v);
		if (err)
			return err;
		obj_debug(obj, "extern (kcfg) '%s': set to 0x%llx", ext->name,
			  (unsigned long long)v);
	}
	return 0;
}
