// SPDX-License-Identifier: BSD-2-Clause
/*
 * btf/btf_dump_raw.c: the raw text dump, identical byte for byte to Debian's bpftool 7.1
 * `bpftool btf dump file F` (the vocabulary and spacing, e.g. the comma in
 * "type_id=5, linkage=global" for VARs, are bpftool's and must not be "fixed").
 *
 *   [3] STRUCT 'foo' size=8 vlen=2
 *   	'a' type_id=1 bits_offset=0
 *   	'b' type_id=1 bits_offset=32 bitfield_size=3
 */
#include "btf/btf_dump.h"
#include "btf/btf_internal.h"

const char *btf_int_enc_str(uint32_t encoding)
{
	switch (encoding) {
	case 0:
		return "(none)";
	case BTF_INT_SIGNED:
		return "SIGNED";
	case BTF_INT_CHAR:
		return "CHAR";
	case BTF_INT_BOOL:
		return "BOOL";
	default:
		return "UNKN";
	}
}

const char *btf_var_linkage_str(uint32_t linkage)
{
	switch (linkage) {
	case BTF_VAR_STATIC:
		return "static";
	case BTF_VAR_GLOBAL_ALLOCATED:
		return "global";
	case BTF_VAR_GLOBAL_EXTERN:
		return "extern";
	default:
		return "(unknown)";
	}
}

const char *btf_func_linkage_str(uint32_t linkage)
{
	switch (linkage) {
	case BTF_FUNC_STATIC:
		return "static";
	case BTF_FUNC_GLOBAL:
		return "global";
	case BTF_FUNC_EXTERN:
		return "extern";
	default:
		return "(unknown)";
	}
}

const char *btf_dump_str(const struct hive_btf *btf, uint32_t off)
{
	const char *s;

	if (!off)
		return "(anon)";
	s = btf_str_by_offset(btf, off);
	return s ? s : "(invalid)";
}

/* " key=" then a number: the most common shape, kept cheap. */
static inline void kv_u32(struct btf_out *o, const char *key, size_t key_len, uint32_t v)
{
	btf_out_mem(o, key, key_len);
	btf_out_u32(o, v);
}
#define KV(o, key, v) kv_u32(o, key, sizeof(key) - 1, v)

static inline void quoted(struct btf_out *o, const struct hive_btf *btf, uint32_t off)
{
	btf_out_char(o, '\'');
	btf_out_str(o, btf_dump_str(btf, off));
	btf_out_char(o, '\'');
}

static void dump_members(const struct hive_btf *btf, const struct btf_type *t, struct btf_out *o)
{
	uint16_t vlen = btf_vlen(t);

	KV(o, " size=", t->size);
	KV(o, " vlen=", vlen);
	for (uint32_t i = 0; i < vlen; i++) {
		const struct btf_member *m = btf_members(t) + i;
		uint32_t bit_sz = btf_member_bitfield_size(t, i);

		btf_out_mem(o, "\n\t", 2);
		quoted(o, btf, m->name_off);
		KV(o, " type_id=", m->type);
		KV(o, " bits_offset=", btf_member_bit_offset(t, i));
		if (bit_sz)
			KV(o, " bitfield_size=", bit_sz);
	}
}

static void dump_enum(const struct hive_btf *btf, const struct btf_type *t, struct btf_out *o)
{
	uint16_t vlen = btf_vlen(t);
	bool is_signed = btf_kflag(t);

	btf_out_str(o, is_signed ? " encoding=SIGNED" : " encoding=UNSIGNED");
	KV(o, " size=", t->size);
	KV(o, " vlen=", vlen);
	for (uint32_t i = 0; i < vlen; i++) {
		btf_out_mem(o, "\n\t", 2);
		if (btf_is_enum(t)) {
			const struct btf_enum *e = btf_enum(t) + i;

			quoted(o, btf, e->name_off);
			btf_out_mem(o, " val=", 5);
			if (is_signed)
				btf_out_s64(o, e->val);
			else
				btf_out_u32(o, (uint32_t)e->val);
		} else {
			const struct btf_enum64 *e = btf_enum64(t) + i;
			uint64_t v = btf_enum64_value(e);

			quoted(o, btf, e->name_off);
			btf_out_mem(o, " val=", 5);
			if (is_signed)
				btf_out_s64(o, (int64_t)v);
			else
				btf_out_u64(o, v);
			btf_out_str(o, is_signed ? "LL" : "ULL");
		}
	}
}

static void dump_proto(const struct hive_btf *btf, const struct btf_type *t, struct btf_out *o)
{
	uint16_t vlen = btf_vlen(t);

	KV(o, " ret_type_id=", t->type);
	KV(o, " vlen=", vlen);
	for (uint32_t i = 0; i < vlen; i++) {
		const struct btf_param *p = btf_params(t) + i;

		btf_out_mem(o, "\n\t", 2);
		quoted(o, btf, p->name_off);
		KV(o, " type_id=", p->type);
	}
}

static void dump_datasec(const struct hive_btf *btf, const struct btf_type *t, struct btf_out *o)
{
	uint16_t vlen = btf_vlen(t);

	KV(o, " size=", t->size);
	KV(o, " vlen=", vlen);
	for (uint32_t i = 0; i < vlen; i++) {
		const struct btf_var_secinfo *v = btf_var_secinfos(t) + i;
		const struct btf_type *vt = btf_type_by_id(btf, v->type);

		KV(o, "\n\ttype_id=", v->type);
		KV(o, " offset=", v->offset);
		KV(o, " size=", v->size);
		if (vt) {
			btf_out_mem(o, " (", 2);
			btf_out_str(o, btf_kind_str(btf_kind(vt)));
			btf_out_char(o, ' ');
			quoted(o, btf, vt->name_off);
			btf_out_char(o, ')');
		}
	}
}

static void dump_body(const struct hive_btf *btf, const struct btf_type *t, struct btf_out *o)
{
	switch (btf_kind(t)) {
	case BTF_KIND_INT: {
		uint32_t v = *(const uint32_t *)(t + 1);

		KV(o, " size=", t->size);
		KV(o, " bits_offset=", BTF_INT_OFFSET(v));
		KV(o, " nr_bits=", BTF_INT_BITS(v));
		btf_out_str(o, " encoding=");
		btf_out_str(o, btf_int_enc_str(BTF_INT_ENCODING(v)));
		break;
	}
	case BTF_KIND_PTR:
	case BTF_KIND_CONST:
	case BTF_KIND_VOLATILE:
	case BTF_KIND_RESTRICT:
	case BTF_KIND_TYPEDEF:
	case BTF_KIND_TYPE_TAG:
		KV(o, " type_id=", t->type);
		break;
	case BTF_KIND_ARRAY:
		KV(o, " type_id=", btf_array(t)->type);
		KV(o, " index_type_id=", btf_array(t)->index_type);
		KV(o, " nr_elems=", btf_array(t)->nelems);
		break;
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		dump_members(btf, t, o);
		break;
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
		dump_enum(btf, t, o);
		break;
	case BTF_KIND_FWD:
		btf_out_str(o, btf_kflag(t) ? " fwd_kind=union" : " fwd_kind=struct");
		break;
	case BTF_KIND_FUNC:
		KV(o, " type_id=", t->type);
		btf_out_str(o, " linkage=");
		btf_out_str(o, btf_func_linkage_str(btf_vlen(t)));
		break;
	case BTF_KIND_FUNC_PROTO:
		dump_proto(btf, t, o);
		break;
	case BTF_KIND_VAR:
		KV(o, " type_id=", t->type);
		btf_out_str(o, ", linkage=");
		btf_out_str(o, btf_var_linkage_str(btf_var(t)->linkage));
		break;
	case BTF_KIND_DATASEC:
		dump_datasec(btf, t, o);
		break;
	case BTF_KIND_FLOAT:
		KV(o, " size=", t->size);
		break;
	case BTF_KIND_DECL_TAG:
		KV(o, " type_id=", t->type);
		btf_out_str(o, " component_idx=");
		btf_out_s64(o, btf_decl_tag(t)->component_idx);
		break;
	default:
		break;
	}
}

void btf_dump_raw_type(const struct hive_btf *btf, uint32_t id, struct btf_out *o)
{
	const struct btf_type *t = btf_type_by_id(btf, id);

	if (!t)
		return;
	btf_out_char(o, '[');
	btf_out_u32(o, id);
	btf_out_mem(o, "] ", 2);
	btf_out_str(o, btf_kind_str(btf_kind(t)));
	btf_out_char(o, ' ');
	quoted(o, btf, t->name_off);
	dump_body(btf, t, o);
	btf_out_char(o, '\n');
}

int btf_dump_raw(const struct hive_btf *btf, struct btf_out *o)
{
	uint32_t cnt = btf_type_cnt(btf);

	for (uint32_t id = btf_start_id(btf); id < cnt && !o->err; id++)
		btf_dump_raw_type(btf, id, o);
	return o->err;
}
