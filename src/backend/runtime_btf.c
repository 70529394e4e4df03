// SPDX-License-Identifier: BSD-2-Clause
/*
 * backend/runtime_btf.c: the runtime's own BTF, used to describe kfuncs when the machine has no
 * readable /sys/kernel/btf/vmlinux (or when hive_runtime_configure() asks for it).
 *
 * It holds a FUNC (global linkage, as in vmlinux) and its FUNC_PROTO for every kfunc the user
 * backend implements (kfunc/ and vm/kfunc_glue.c), with the kernel 6.18 prototypes: parameter
 * names and their suffixes matter, the verifier reads them (`local_type_id__k` is a constant,
 * `meta__ign` is ignored, `p__alloc` must be an allocated object, `p__refcounted_kptr` a
 * refcounted one), and so do the struct names of the graph types (bpf_list_head, bpf_rb_node,
 * ...), which the verifier matches against the program's own. Integer types follow vmlinux's
 * typedef chains (u64 -> __u64 -> unsigned long long), so the loader's prototype compatibility
 * check gives the same answer as against the kernel's BTF.
 *
 * With this BTF a program's kfunc calls resolve and verify; what needs kernel types (CO-RE
 * against kernel structs, typed ksyms, BTF-typed tracing contexts) does not.
 */
#include <errno.h>
#include <string.h>

#include "backend/backend.h"
#include "btf/btf.h"
#include "common/err.h"
#include "kfunc/cpumask.h"

/* The types a prototype refers to. */
enum rt_type {
	RT_VOID,
	RT_INT,
	RT_U32,
	RT_U64,
	RT_VOID_P,
	RT_CONST_VOID_P,
	RT_INT_P,
	RT_LIST_HEAD_P,
	RT_LIST_NODE_P,
	RT_RB_ROOT_P,
	RT_RB_NODE_P,
	RT_LESS_P,
	RT_ITER_NUM_P,
	RT_BOOL,
	RT_SIZE_T,
	RT_CPUMASK_P,
	RT_CONST_CPUMASK_P,
	RT_BPF_CPUMASK_P,
	RT_NR,
};

struct rt_param {
	const char *name;
	enum rt_type type;
};

struct rt_kfunc {
	const char *name;
	enum rt_type ret;
	struct rt_param params[5];
};

/* clang-format off */
static const struct rt_kfunc rt_kfuncs[] = {
	{ "bpf_obj_new_impl", RT_VOID_P,
	  { { "local_type_id__k", RT_U64 }, { "meta__ign", RT_VOID_P } } },
	{ "bpf_percpu_obj_new_impl", RT_VOID_P,
	  { { "local_type_id__k", RT_U64 }, { "meta__ign", RT_VOID_P } } },
	{ "bpf_obj_drop_impl", RT_VOID, { { "p__alloc", RT_VOID_P }, { "meta__ign", RT_VOID_P } } },
	{ "bpf_percpu_obj_drop_impl", RT_VOID,
	  { { "p__alloc", RT_VOID_P }, { "meta__ign", RT_VOID_P } } },
	{ "bpf_refcount_acquire_impl", RT_VOID_P,
	  { { "p__refcounted_kptr", RT_VOID_P }, { "meta__ign", RT_VOID_P } } },
	{ "bpf_list_push_front_impl", RT_INT,
	  { { "head", RT_LIST_HEAD_P }, { "node", RT_LIST_NODE_P }, { "meta__ign", RT_VOID_P },
	    { "off", RT_U64 } } },
	{ "bpf_list_push_back_impl", RT_INT,
	  { { "head", RT_LIST_HEAD_P }, { "node", RT_LIST_NODE_P }, { "meta__ign", RT_VOID_P },
	    { "off", RT_U64 } } },
	{ "bpf_list_pop_front", RT_LIST_NODE_P, { { "head", RT_LIST_HEAD_P } } },
	{ "bpf_list_pop_back", RT_LIST_NODE_P, { { "head", RT_LIST_HEAD_P } } },
	{ "bpf_list_front", RT_LIST_NODE_P, { { "head", RT_LIST_HEAD_P } } },
	{ "bpf_list_back", RT_LIST_NODE_P, { { "head", RT_LIST_HEAD_P } } },
	{ "bpf_rbtree_remove", RT_RB_NODE_P, { { "root", RT_RB_ROOT_P }, { "node", RT_RB_NODE_P } } },
	{ "bpf_rbtree_add_impl", RT_INT,
	  { { "root", RT_RB_ROOT_P }, { "node", RT_RB_NODE_P }, { "less", RT_LESS_P },
	    { "meta__ign", RT_VOID_P }, { "off", RT_U64 } } },
	{ "bpf_rbtree_first", RT_RB_NODE_P, { { "root", RT_RB_ROOT_P } } },
	{ "bpf_rbtree_root", RT_RB_NODE_P, { { "root", RT_RB_ROOT_P } } },
	{ "bpf_rbtree_left", RT_RB_NODE_P, { { "root", RT_RB_ROOT_P }, { "node", RT_RB_NODE_P } } },
	{ "bpf_rbtree_right", RT_RB_NODE_P, { { "root", RT_RB_ROOT_P }, { "node", RT_RB_NODE_P } } },
	{ "bpf_rcu_read_lock", RT_VOID, { { 0 } } },
	{ "bpf_rcu_read_unlock", RT_VOID, { { 0 } } },
	{ "bpf_cast_to_kern_ctx", RT_VOID_P, { { "obj", RT_VOID_P } } },
	{ "bpf_rdonly_cast", RT_VOID_P,
	  { { "obj__ign", RT_CONST_VOID_P }, { "btf_id__k", RT_U32 } } },
	{ "bpf_iter_num_new", RT_INT,
	  { { "it", RT_ITER_NUM_P }, { "start", RT_INT }, { "end", RT_INT } } },
	{ "bpf_iter_num_next", RT_INT_P, { { "it", RT_ITER_NUM_P } } },
	{ "bpf_iter_num_destroy", RT_VOID, { { "it", RT_ITER_NUM_P } } },
	{ "bpf_cpumask_create", RT_BPF_CPUMASK_P, { { 0 } } },
	{ "bpf_cpumask_release", RT_VOID, { { "cpumask", RT_BPF_CPUMASK_P } } },
	{ "bpf_cpumask_release_dtor", RT_VOID, { { "cpumask", RT_VOID_P } } },
	{ "bpf_cpumask_acquire", RT_BPF_CPUMASK_P, { { "cpumask", RT_BPF_CPUMASK_P } } },
	{ "bpf_cpumask_first", RT_U32, { { "cpumask", RT_CONST_CPUMASK_P } } },
	{ "bpf_cpumask_first_zero", RT_U32, { { "cpumask", RT_CONST_CPUMASK_P } } },
	{ "bpf_cpumask_first_and", RT_U32,
	  { { "src1", RT_CONST_CPUMASK_P }, { "src2", RT_CONST_CPUMASK_P } } },
	{ "bpf_cpumask_set_cpu", RT_VOID, { { "cpu", RT_U32 }, { "cpumask", RT_BPF_CPUMASK_P } } },
	{ "bpf_cpumask_clear_cpu", RT_VOID, { { "cpu", RT_U32 }, { "cpumask", RT_BPF_CPUMASK_P } } },
	{ "bpf_cpumask_test_cpu", RT_BOOL, { { "cpu", RT_U32 }, { "cpumask", RT_CONST_CPUMASK_P } } },
	{ "bpf_cpumask_test_and_set_cpu", RT_BOOL,
	  { { "cpu", RT_U32 }, { "cpumask", RT_BPF_CPUMASK_P } } },
	{ "bpf_cpumask_test_and_clear_cpu", RT_BOOL,
	  { { "cpu", RT_U32 }, { "cpumask", RT_BPF_CPUMASK_P } } },
	{ "bpf_cpumask_setall", RT_VOID, { { "cpumask", RT_BPF_CPUMASK_P } } },
	{ "bpf_cpumask_clear", RT_VOID, { { "cpumask", RT_BPF_CPUMASK_P } } },
	{ "bpf_cpumask_and", RT_BOOL,
	  { { "dst", RT_BPF_CPUMASK_P }, { "src1", RT_CONST_CPUMASK_P },
	    { "src2", RT_CONST_CPUMASK_P } } },
	{ "bpf_cpumask_or", RT_VOID,
	  { { "dst", RT_BPF_CPUMASK_P }, { "src1", RT_CONST_CPUMASK_P },
	    { "src2", RT_CONST_CPUMASK_P } } },
	{ "bpf_cpumask_xor", RT_VOID,
	  { { "dst", RT_BPF_CPUMASK_P }, { "src1", RT_CONST_CPUMASK_P },
	    { "src2", RT_CONST_CPUMASK_P } } },
	{ "bpf_cpumask_equal", RT_BOOL,
	  { { "src1", RT_CONST_CPUMASK_P }, { "src2", RT_CONST_CPUMASK_P } } },
	{ "bpf_cpumask_intersects", RT_BOOL,
	  { { "src1", RT_CONST_CPUMASK_P }, { "src2", RT_CONST_CPUMASK_P } } },
	{ "bpf_cpumask_subset", RT_BOOL,
	  { { "src1", RT_CONST_CPUMASK_P }, { "src2", RT_CONST_CPUMASK_P } } },
	{ "bpf_cpumask_empty", RT_BOOL, { { "cpumask", RT_CONST_CPUMASK_P } } },
	{ "bpf_cpumask_full", RT_BOOL, { { "cpumask", RT_CONST_CPUMASK_P } } },
	{ "bpf_cpumask_copy", RT_VOID,
	  { { "dst", RT_BPF_CPUMASK_P }, { "src", RT_CONST_CPUMASK_P } } },
	{ "bpf_cpumask_any_distribute", RT_U32, { { "cpumask", RT_CONST_CPUMASK_P } } },
	{ "bpf_cpumask_any_and_distribute", RT_U32,
	  { { "src1", RT_CONST_CPUMASK_P }, { "src2", RT_CONST_CPUMASK_P } } },
	{ "bpf_cpumask_weight", RT_U32, { { "cpumask", RT_CONST_CPUMASK_P } } },
	{ "bpf_cpumask_populate", RT_INT,
	  { { "cpumask", RT_CPUMASK_P }, { "src", RT_VOID_P }, { "src__sz", RT_SIZE_T } } },
};
/* clang-format on */

struct rt_builder {
	struct hive_btf *btf;
	int32_t ids[RT_NR];
	int err;
};

static int32_t chk(struct rt_builder *b, int id)
{
	if (id < 0 && !b->err)
		b->err = id;
	return id;
}

/* struct NAME { ELEM __opaque[N]; } with 8-byte alignment like the UAPI's */
static int32_t opaque_struct(struct rt_builder *b, const char *name, int32_t elem, uint32_t elem_sz,
			     uint32_t n, int32_t index_type)
{
	int32_t arr = chk(b, btf_add_array(b->btf, (uint32_t)index_type, (uint32_t)elem, n));
	int32_t id = chk(b, btf_add_struct(b->btf, name, elem_sz * n));

	chk(b, btf_add_field(b->btf, "__opaque", (uint32_t)arr, 0, 0));
	return id;
}

static int32_t ptr(struct rt_builder *b, int32_t to)
{
	return chk(b, btf_add_ptr(b->btf, (uint32_t)to));
}

static int32_t tdef(struct rt_builder *b, const char *name, int32_t to)
{
	return chk(b, btf_add_typedef(b->btf, name, (uint32_t)to));
}

/* struct cpumask { unsigned long bits[4]; } (the host kernel's NR_CPUS=256) and
 * struct bpf_cpumask { cpumask_t cpumask; refcount_t usage; }: the cpumask first, so that the
 * verifier accepts a bpf_cpumask where a const struct cpumask is expected; size_t as in vmlinux. */
static void add_cpumask_types(struct rt_builder *b)
{
	int32_t *t = b->ids, ul, cpumask, refcount, bpf_cpumask, u_int, cpumask_t, refcount_t;

	ul = chk(b, btf_add_int(b->btf, "long unsigned int", 8, 0));
	u_int = chk(b, btf_find_by_name_kind(b->btf, "unsigned int", BTF_KIND_INT));
	cpumask = opaque_struct(b, "cpumask", ul, 8, KFUNC_CPUMASK_MIN_WORDS, u_int);
	refcount = opaque_struct(b, "refcount_struct", u_int, 4, 1, u_int);
	/* the member types first: a struct's members follow it directly */
	cpumask_t = tdef(b, "cpumask_t", cpumask);
	refcount_t = tdef(b, "refcount_t", refcount);
	bpf_cpumask =
		chk(b, btf_add_struct(b->btf, "bpf_cpumask", 8 * KFUNC_CPUMASK_MIN_WORDS + 8));
	chk(b, btf_add_field(b->btf, "cpumask", (uint32_t)cpumask_t, 0, 0));
	chk(b,
	    btf_add_field(b->btf, "usage", (uint32_t)refcount_t, 64 * KFUNC_CPUMASK_MIN_WORDS, 0));
	t[RT_CPUMASK_P] = ptr(b, cpumask);
	t[RT_CONST_CPUMASK_P] = ptr(b, chk(b, btf_add_const(b->btf, (uint32_t)cpumask)));
	t[RT_BPF_CPUMASK_P] = ptr(b, bpf_cpumask);
	t[RT_SIZE_T] =
		tdef(b, "size_t", tdef(b, "__kernel_size_t", tdef(b, "__kernel_ulong_t", ul)));
}

/* The base types, the graph structs and the pointer types the prototypes use. */
static void add_types(struct rt_builder *b)
{
	int32_t *t = b->ids, i_int, u_int, ull, u32_, list_head, list_node, rb_root, rb_node,
		iter_num, less, c_rb_node, bool_t;

	i_int = chk(b, btf_add_int(b->btf, "int", 4, BTF_INT_SIGNED));
	u_int = chk(b, btf_add_int(b->btf, "unsigned int", 4, 0));
	ull = chk(b, btf_add_int(b->btf, "long long unsigned int", 8, 0));
	u32_ = tdef(b, "__u32", u_int);
	list_head = opaque_struct(b, "bpf_list_head", ull, 8, 2, u_int);
	list_node = opaque_struct(b, "bpf_list_node", ull, 8, 3, u_int);
	rb_root = opaque_struct(b, "bpf_rb_root", ull, 8, 2, u_int);
	rb_node = opaque_struct(b, "bpf_rb_node", ull, 8, 4, u_int);
	opaque_struct(b, "bpf_refcount", u_int, 4, 1, u_int);
	iter_num = opaque_struct(b, "bpf_iter_num", ull, 8, 1, u_int);
	/* struct bpf_spin_lock { __u32 val; } */
	chk(b, btf_add_struct(b->btf, "bpf_spin_lock", 4));
	chk(b, btf_add_field(b->btf, "val", (uint32_t)u32_, 0, 0));
	/* bool (*less)(struct bpf_rb_node *, const struct bpf_rb_node *); the parameter types
	 * must exist before the prototype, whose parameters follow it directly */
	c_rb_node = ptr(b, chk(b, btf_add_const(b->btf, (uint32_t)rb_node)));
	bool_t = tdef(b, "bool", chk(b, btf_add_int(b->btf, "_Bool", 1, BTF_INT_BOOL)));
	t[RT_RB_NODE_P] = ptr(b, rb_node);
	less = chk(b, btf_add_func_proto(b->btf, (uint32_t)bool_t));
	chk(b, btf_add_func_param(b->btf, NULL, (uint32_t)t[RT_RB_NODE_P]));
	chk(b, btf_add_func_param(b->btf, NULL, (uint32_t)c_rb_node));
	t[RT_VOID] = 0;
	t[RT_INT] = i_int;
	t[RT_U32] = tdef(b, "u32", u32_);
	t[RT_U64] = tdef(b, "u64", tdef(b, "__u64", ull));
	t[RT_VOID_P] = ptr(b, 0);
	t[RT_CONST_VOID_P] = ptr(b, chk(b, btf_add_const(b->btf, 0)));
	t[RT_INT_P] = ptr(b, i_int);
	t[RT_LIST_HEAD_P] = ptr(b, list_head);
	t[RT_LIST_NODE_P] = ptr(b, list_node);
	t[RT_RB_ROOT_P] = ptr(b, rb_root);
	t[RT_LESS_P] = ptr(b, less);
	t[RT_ITER_NUM_P] = ptr(b, iter_num);
	t[RT_BOOL] = bool_t;
	add_cpumask_types(b);
}

static void add_kfunc(struct rt_builder *b, const struct rt_kfunc *k)
{
	int32_t proto = chk(b, btf_add_func_proto(b->btf, (uint32_t)b->ids[k->ret])), fn;

	for (size_t i = 0; i < ARRAY_SIZE(k->params) && k->params[i].name; i++)
		chk(b, btf_add_func_param(b->btf, k->params[i].name,
					  (uint32_t)b->ids[k->params[i].type]));
	fn = chk(b, btf_add_func(b->btf, k->name, BTF_FUNC_GLOBAL, (uint32_t)proto));
	/* __bpf_fastcall kfuncs carry the "bpf_fastcall" decl tag, as in vmlinux */
	if (!strcmp(k->name, "bpf_cast_to_kern_ctx") || !strcmp(k->name, "bpf_rdonly_cast"))
		chk(b, btf_add_decl_tag(b->btf, "bpf_fastcall", (uint32_t)fn, -1));
}

struct hive_btf *be_runtime_btf_new(void)
{
	struct rt_builder b = { .btf = btf_new_empty(NULL) };

	if (IS_ERR_OR_NULL(b.btf))
		return b.btf ? b.btf : ERR_PTR(-ENOMEM);
	add_types(&b);
	for (size_t i = 0; i < ARRAY_SIZE(rt_kfuncs) && !b.err; i++)
		add_kfunc(&b, &rt_kfuncs[i]);
	if (b.err) {
		btf_free(b.btf);
		return ERR_PTR(b.err);
	}
	return b.btf;
}
