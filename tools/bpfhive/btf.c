// SPDX-License-Identifier: BSD-2-Clause
/*
 * tools/bpfhive/btf.c: `bpfhive btf dump file F [format raw|c]`, the shape of bpftool's command.
 * F is raw BTF (/sys/kernel/btf/vmlinux, a module's /sys/kernel/btf/<mod>, which gets vmlinux
 * as its base as bpftool does) or an ELF object with a .BTF section. `-B BASE` parses F as
 * split BTF on top of BASE. The raw format (text or -j/-p JSON) is bpftool 7.1's, byte for byte.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "btf/btf.h"
#include "btf/btf_dump.h"
#include "common/err.h"
#include "json_writer.h"
#include "main.h"

static const char sysfs_vmlinux[] = "/sys/kernel/btf/vmlinux";

static int do_help(int argc, char **argv)
{
	fprintf(stderr,
		"Usage: %1$s btf dump file FILE [format FORMAT]\n"
		"       %1$s btf help\n"
		"\n"
		"       FORMAT := { raw | c }\n"
		"       FILE is raw BTF (e.g. %2$s) or an ELF object with a .BTF section.\n"
		"       OPTIONS := { -j|--json [-p|--pretty] | -B|--base-btf BASE }\n",
		bin_name, sysfs_vmlinux);
	return 0;
}

static bool is_prefix(const char *pfx, const char *str)
{
	return pfx[0] && !strncmp(str, pfx, strlen(pfx));
}

static void json_members(struct json_writer *w, const struct hive_btf *btf,
			 const struct btf_type *t)
{
	jsonw_name(w, "members");
	jsonw_start_array(w);
	for (uint32_t i = 0; i < btf_vlen(t); i++) {
		const struct btf_member *m = btf_members(t) + i;

		jsonw_start_object(w);
		jsonw_string_field(w, "name", btf_dump_str(btf, m->name_off));
		jsonw_uint_field(w, "type_id", m->type);
		jsonw_uint_field(w, "bits_offset", btf_member_bit_offset(t, i));
		if (btf_member_bitfield_size(t, i))
			jsonw_uint_field(w, "bitfield_size", btf_member_bitfield_size(t, i));
		jsonw_end_object(w);
	}
	jsonw_end_array(w);
}

static void json_enum(struct json_writer *w, const struct hive_btf *btf, const struct btf_type *t)
{
	bool is_signed = btf_kflag(t);

	jsonw_string_field(w, "encoding", is_signed ? "SIGNED" : "UNSIGNED");
	jsonw_uint_field(w, "size", t->size);
	jsonw_uint_field(w, "vlen", btf_vlen(t));
	jsonw_name(w, "values");
	jsonw_start_array(w);
	for (uint32_t i = 0; i < btf_vlen(t); i++) {
		uint32_t name_off;
		uint64_t v;

		if (btf_is_enum(t)) {
			name_off = btf_enum(t)[i].name_off;
			/* bpftool passes the s32 to a u64 parameter: sign-extended */
			v = (uint64_t)(int64_t)btf_enum(t)[i].val;
		} else {
			name_off = btf_enum64(t)[i].name_off;
			v = btf_enum64_value(btf_enum64(t) + i);
		}
		jsonw_start_object(w);
		jsonw_string_field(w, "name", btf_dump_str(btf, name_off));
		if (is_signed)
			jsonw_int_field(w, "val", (int64_t)v);
		else
			jsonw_uint_field(w, "val", v);
		jsonw_end_object(w);
	}
	jsonw_end_array(w);
}

static void json_proto(struct json_writer *w, const struct hive_btf *btf, const struct btf_type *t)
{
	jsonw_uint_field(w, "ret_type_id", t->type);
	jsonw_uint_field(w, "vlen", btf_vlen(t));
	jsonw_name(w, "params");
	jsonw_start_array(w);
	for (uint32_t i = 0; i < btf_vlen(t); i++) {
		jsonw_start_object(w);
		jsonw_string_field(w, "name", btf_dump_str(btf, btf_params(t)[i].name_off));
		jsonw_uint_field(w, "type_id", btf_params(t)[i].type);
		jsonw_end_object(w);
	}
	jsonw_end_array(w);
}

static void json_datasec(struct json_writer *w, const struct btf_type *t)
{
	jsonw_uint_field(w, "size", t->size);
	jsonw_uint_field(w, "vlen", btf_vlen(t));
	jsonw_name(w, "vars");
	jsonw_start_array(w);
	for (uint32_t i = 0; i < btf_vlen(t); i++) {
		const struct btf_var_secinfo *v = btf_var_secinfos(t) + i;

		jsonw_start_object(w);
		jsonw_uint_field(w, "type_id", v->type);
		jsonw_uint_field(w, "offset", v->offset);
		jsonw_uint_field(w, "size", v->size);
		jsonw_end_object(w);
	}
	jsonw_end_array(w);
}

static void json_body(struct json_writer *w, const struct hive_btf *btf, const struct btf_type *t)
{
	switch (btf_kind(t)) {
	case BTF_KIND_INT:
		jsonw_uint_field(w, "size", t->size);
		jsonw_uint_field(w, "bits_offset", btf_int_offset(t));
		jsonw_uint_field(w, "nr_bits", btf_int_bits(t));
		jsonw_string_field(w, "encoding", btf_int_enc_str(btf_int_encoding(t)));
		break;
	case BTF_KIND_PTR:
	case BTF_KIND_CONST:
	case BTF_KIND_VOLATILE:
	case BTF_KIND_RESTRICT:
	case BTF_KIND_TYPEDEF:
	case BTF_KIND_TYPE_TAG:
		jsonw_uint_field(w, "type_id", t->type);
		break;
	case BTF_KIND_ARRAY:
		jsonw_uint_field(w, "type_id", btf_array(t)->type);
		jsonw_uint_field(w, "index_type_id", btf_array(t)->index_type);
		jsonw_uint_field(w, "nr_elems", btf_array(t)->nelems);
		break;
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		jsonw_uint_field(w, "size", t->size);
		jsonw_uint_field(w, "vlen", btf_vlen(t));
		json_members(w, btf, t);
		break;
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
		json_enum(w, btf, t);
		break;
	case BTF_KIND_FWD:
		jsonw_string_field(w, "fwd_kind", btf_kflag(t) ? "union" : "struct");
		break;
	case BTF_KIND_FUNC:
		jsonw_uint_field(w, "type_id", t->type);
		jsonw_string_field(w, "linkage", btf_func_linkage_str(btf_vlen(t)));
		break;
	case BTF_KIND_FUNC_PROTO:
		json_proto(w, btf, t);
		break;
	case BTF_KIND_VAR:
		jsonw_uint_field(w, "type_id", t->type);
		jsonw_string_field(w, "linkage", btf_var_linkage_str(btf_var(t)->linkage));
		break;
	case BTF_KIND_DATASEC:
		json_datasec(w, t);
		break;
	case BTF_KIND_FLOAT:
		jsonw_uint_field(w, "size", t->size);
		break;
	case BTF_KIND_DECL_TAG:
		jsonw_uint_field(w, "type_id", t->type);
		jsonw_int_field(w, "component_idx", btf_decl_tag(t)->component_idx);
		break;
	default:
		break;
	}
}

static int dump_json(const struct hive_btf *btf)
{
	struct json_writer *w = jsonw_new(stdout);

	if (!w)
		return p_err("out of memory");
	jsonw_pretty(w, pretty_output);
	jsonw_start_object(w);
	jsonw_name(w, "types");
	jsonw_start_array(w);
	for (uint32_t id = btf_start_id(btf); id < btf_type_cnt(btf); id++) {
		const struct btf_type *t = btf_type_by_id(btf, id);

		jsonw_start_object(w);
		jsonw_uint_field(w, "id", id);
		jsonw_string_field(w, "kind", btf_kind_str(btf_kind(t)));
		jsonw_string_field(w, "name", btf_dump_str(btf, t->name_off));
		json_body(w, btf, t);
		jsonw_end_object(w);
	}
	jsonw_end_array(w);
	jsonw_end_object(w);
	jsonw_destroy(&w);
	return ferror(stdout) ? p_err("write error on standard output") : 0;
}

static int dump_text(const struct hive_btf *btf, bool c_format, const char *path)
{
	struct btf_dump_c_opts copts = { 0 };
	struct btf_out *out = malloc(sizeof(*out));
	char errbuf[512] = "";
	int fd = STDOUT_FILENO, err;

	if (!out)
		return p_err("out of memory");
	fflush(stdout);
	btf_out_init(out, btf_out_write_fd, &fd);
	if (c_format) {
		copts.errbuf = errbuf;
		copts.errbuf_sz = sizeof(errbuf);
		err = btf_dump_c(btf, out, &copts);
	} else {
		err = btf_dump_raw(btf, out);
	}
	err = btf_out_finish(out) ?: err;
	free(out);
	if (err && errbuf[0])
		return p_err("%s: %s", path, errbuf);
	if (err)
		return p_err("%s: cannot write the dump: %s", path, strerror(-err));
	return 0;
}

static struct hive_btf *load_btf(const char *path, struct hive_btf **base)
{
	struct btf_parse_opts opts = { 0 };
	char errbuf[512] = "";
	struct hive_btf *btf;
	const char *base_path = base_btf_path;

	opts.errbuf = errbuf;
	opts.errbuf_sz = sizeof(errbuf);
	/* a module's sysfs BTF is split BTF on top of vmlinux */
	if (!base_path && !strncmp(path, "/sys/kernel/btf/", 16) && strcmp(path, sysfs_vmlinux))
		base_path = sysfs_vmlinux;
	if (base_path) {
		*base = btf_parse_file(base_path, &opts);
		if (IS_ERR(*base)) {
			p_err("failed to load base BTF: %s", errbuf[0] ? errbuf : base_path);
			*base = NULL;
			return NULL;
		}
		opts.base = *base;
	}
	btf = btf_parse_file(path, &opts);
	if (IS_ERR(btf)) {
		if (errbuf[0])
			p_err("%s", errbuf);
		else
			p_err("%s: %s", path, strerror(-PTR_ERR(btf)));
		return NULL;
	}
	return btf;
}

static int parse_format(int argc, char **argv, bool *c_format)
{
	while (argc) {
		if (is_prefix(*argv, "format")) {
			if (argc < 2)
				return p_err("expecting value for 'format' option");
			if (!strcmp(argv[1], "c"))
				*c_format = true;
			else if (!strcmp(argv[1], "raw"))
				*c_format = false;
			else
				return p_err(
					"unrecognized format specifier: '%s', possible values: raw, c",
					argv[1]);
			argc -= 2;
			argv += 2;
		} else if (is_prefix(*argv, "unsorted")) {
			argc--; /* our C dump is always in bpftool 7.1's (unsorted) order */
			argv++;
		} else {
			return p_err("unrecognized option: '%s'", *argv);
		}
	}
	return 0;
}

static int do_dump(int argc, char **argv)
{
	struct hive_btf *btf, *base = NULL;
	bool c_format = false;
	const char *path;
	int err;

	if (argc < 2) {
		do_help(argc, argv);
		return -1;
	}
	if (!is_prefix(argv[0], "file"))
		return p_err("unrecognized BTF source specifier: '%s' (only 'file' is supported)",
			     argv[0]);
	path = argv[1];
	if (parse_format(argc - 2, argv + 2, &c_format))
		return -1;
	if (c_format && json_output)
		return p_err("JSON output for C-syntax dump is not supported");
	btf = load_btf(path, &base);
	if (!btf) {
		btf_free(base);
		return -1;
	}
	if (json_output)
		err = dump_json(btf);
	else
		err = dump_text(btf, c_format, path);
	btf_free(btf);
	btf_free(base);
	return err;
}

static const struct cmd cmds[] = {
	{ "dump", do_dump },
	{ "help", do_help },
	{ 0 },
};

int do_btf(int argc, char **argv)
{
	return cmd_select(cmds, argc, argv, do_help);
}
