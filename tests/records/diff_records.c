// SPDX-License-Identifier: BSD-2-Clause
/*
 * tests/records/diff_records.c: bpfhive's special-field records against the running kernel.
 *
 * Every BTF is built with bpfhive's builder and then
 *   - loaded into the kernel with BPF_BTF_LOAD and, on our side, checked with the kernel's BTF
 *     rules and btf_parse_struct_metas(): the two errnos must be equal;
 *   - if it loads and describes a map, created with BPF_MAP_CREATE (btf_value_type_id = the
 *     value type, DATASECs as keyless 1-entry arrays) and, on our side, checked with
 *     btf_map_check_btf() (then maps_create() for the map types the user backend has): the
 *     errnos must be equal.
 * The BTFs are the hand-written cases of rcases.h (whose expected errnos are checked too) and
 * randomly generated ones: structs mixing plain and special members, nesting, arrays, kptrs
 * with good and bad tags, `contains:` tags right and wrong, DATASECs, several map types.
 *
 * Layouts the kernel answers with a WARN are never sent to it: a unique kind twice in different
 * nested structs or two refcounts (bpfhive rejects these with -E2BIG and says so; the kernel
 * WARNs and keeps the last), a bpf_res_spin_lock found after a bpf_spin_lock (the hand case is
 * marked; the generator uses one lock kind per BTF), and a map whose value has a
 * bpf_res_spin_lock and a root (6.18 WARNs in bpf_obj_free_fields() when it frees the map).
 *
 * Usage: diff_records [RANDOM_CASES [SEED]]. Without bpf() permission it prints SKIP and
 * exits 77. `diff_records N SEED mutate` instead flips bytes of N generated BTFs and checks
 * that whatever still parses gets clean errnos and sane records (no kernel involved; run
 * under ASan). Ends with "N passed, N failed".
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "btf/btf.h"
#include "btf/btf_fields.h"
#include "common/log.h"
#include "maps/map.h"
#include "kern.h"
#include "rcases.h"

static const struct hive_btf *vmlinux;
static int passed, failed, verbose, not_sent;

/* What the random BTFs exercised: how many ended with each errno (index -errno, 0 = ok). */
#define HIST_MAX 128
static int hist_load[HIST_MAX], hist_map[HIST_MAX];

static void hist_add(int *hist, int err)
{
	if (-err >= 0 && -err < HIST_MAX)
		hist[-err]++;
}

static void hist_print(const char *what, const int *hist)
{
	printf("%s:", what);
	for (int i = 0; i < HIST_MAX; i++)
		if (hist[i])
			printf(" %s=%d", i ? hive_errstr(-i) : "ok", hist[i]);
	printf("\n");
}

/* ---- one comparison ---- */

struct outcome {
	int load; /* BPF_BTF_LOAD errno */
	int map; /* BPF_MAP_CREATE errno (if a map was described and the BTF loaded) */
	bool diverges; /* our answer is the documented "kernel WARNs" one: do not ask it */
	char msg[512];
};

static bool supported_by_maps(uint32_t type)
{
	return type == RC_HASH || type == RC_ARRAY || type == RC_PERCPU_HASH ||
	       type == RC_PERCPU_ARRAY || type == RC_LRU_HASH || type == RC_LRU_PERCPU_HASH;
}

static int misaligned;

/* Whether every field of @rec sits at a multiple of its natural alignment. */
static bool fields_aligned(const struct hive_record *rec)
{
	for (uint32_t i = 0; rec && i < rec->cnt; i++)
		if (rec->fields[i].offset % btf_field_align(rec->fields[i].kind))
			return false;
	return true;
}

/* Our BPF_MAP_CREATE: the BTF checks, then the runtime map with the record. */
static int ours_map(struct rb *r, struct btf_struct_metas *metas, const struct btf_map_def *def,
		    struct outcome *o)
{
	struct btf_fields_ctx ctx = { .kernel_btf = vmlinux,
				      .errbuf = o->msg,
				      .errbuf_sz = sizeof(o->msg) };
	struct hive_record *rec = NULL;
	struct hive_map_impl *map;
	int err, ferr = 0;

	o->msg[0] = 0;
	err = btf_map_check_btf(r->btf, metas, def, &ctx, &rec, &ferr);
	if (ferr && strstr(o->msg, "the kernel keeps only one"))
		o->diverges = true;
	/* 6.18 WARNs freeing such a map: bpf_obj_free_fields() wants a bpf_spin_lock for roots */
	if (rec && rec->res_spin_lock_off >= 0 && btf_record_has_field(rec, HIVE_FIELD_GRAPH_ROOT))
		o->diverges = true;
	if (!err && !fields_aligned(rec)) {
		/* packed nesting can put a lock at an odd offset (the kernel allows it); the
		 * user backend's locks and lists want natural alignment: not created, counted */
		misaligned++;
		btf_record_free(rec);
		return err;
	}
	if (err || !supported_by_maps(def->map_type)) {
		btf_record_free(rec);
		return err;
	}
	map = maps_create(&(struct hive_map_attr){ .map_type = def->map_type,
						   .key_size = def->key_size,
						   .value_size = def->value_size,
						   .max_entries = def->max_entries,
						   .map_flags = def->map_flags,
						   .record = rec });
	btf_record_free(rec);
	if (IS_ERR(map))
		return (int)PTR_ERR(map);
	maps_put(map);
	return 0;
}

static void ours(struct rb *r, const struct btf_map_def *def, struct outcome *o)
{
	struct btf_struct_metas *metas = NULL;

	o->load = rb_load(r, vmlinux, &metas, o->msg, sizeof(o->msg));
	o->diverges = o->load && strstr(o->msg, "the kernel keeps only one");
	o->map = 0;
	if (!o->load && def->value_type_id)
		o->map = ours_map(r, metas, def, o);
	btf_struct_metas_free(metas);
}

static void kernel(struct rb *r, const struct btf_map_def *def, struct outcome *o)
{
	uint32_t size;
	const void *raw = btf_raw_data(r->btf, &size);
	int fd = raw ? kern_btf_load(raw, size) : -ENOMEM;

	o->load = fd < 0 ? fd : 0;
	o->map = 0;
	if (fd >= 0 && def->value_type_id) {
		int mfd = kern_map_create(def->map_type, def->key_size, def->value_size,
					  def->max_entries, def->map_flags, fd, def->key_type_id,
					  def->value_type_id);

		o->map = mfd < 0 ? mfd : 0;
		kern_close(mfd);
	}
	kern_close(fd);
}

static void check(const char *name, bool ok, const struct outcome *us, const struct outcome *k,
		  const char *why, const char *other)
{
	if (ok) {
		passed++;
		if (verbose)
			printf("ok   %s: load %s map %s\n", name, hive_errstr(us->load),
			       hive_errstr(us->map));
		return;
	}
	failed++;
	printf("FAIL %s: %s: bpfhive load %s map %s, %s load %s map %s\n     %s\n", name, why,
	       hive_errstr(us->load), hive_errstr(us->map), other, hive_errstr(k->load),
	       hive_errstr(k->map), us->msg);
}

/* ---- hand-written cases ---- */

static void run_cases(bool with_kernel, int *agree)
{
	for (size_t i = 0; i < sizeof(rcases) / sizeof(rcases[0]); i++) {
		const struct rcase *c = &rcases[i];
		struct btf_map_def def = { 0 };
		struct outcome us, k, want = { .load = c->load_err, .map = c->map_err };
		struct rb r;

		rb_init(&r);
		c->build(&r, &def);
		ours(&r, &def, &us);
		check(c->name, us.load == want.load && us.map == want.map, &us, &want,
		      "unexpected errno", "expected");
		if (with_kernel && !c->diverges && !c->warns && !us.diverges) {
			kernel(&r, &def, &k);
			check(c->name, us.load == k.load && us.map == k.map, &us, &k,
			      "differs from the kernel", "kernel");
			*agree += us.load == k.load && us.map == k.map;
		}
		rb_free(&r);
	}
}

/* ---- random BTFs ---- */

static uint64_t rng_state;

static uint32_t rnd(uint32_t n)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return n ? (uint32_t)(rng_state % n) : 0;
}

static bool chance(uint32_t percent)
{
	return rnd(100) < percent;
}

#define GEN_MAX_STRUCTS 8
#define GEN_MAX_MEMBERS 8
#define UNIQ_REF (1U << 31) /* refcount, tracked with the unique kinds */

struct gen_struct {
	int id;
	uint32_t size;
	uint32_t uniq; /* unique kinds (and refcount) reachable inside */
	char list_node[8], rb_node[8]; /* a direct node member's name, "" if none */
	int nroots;
	struct {
		int comp;
		bool rb;
	} roots[GEN_MAX_MEMBERS];
};

struct gen {
	struct rb r;
	bool res_lock; /* this BTF uses bpf_res_spin_lock instead of bpf_spin_lock */
	int nstructs;
	struct gen_struct s[GEN_MAX_STRUCTS];
	int kernel_named[3]; /* local structs named like kernel types */
	int datasec;
	uint32_t datasec_size;
};

/* A candidate member: its type, size, alignment and what it brings. */
struct gen_member {
	int type;
	uint32_t size, align;
	uint32_t uniq; /* unique kinds it adds */
	bool nested; /* its uniq comes from inside a nested struct */
	int root; /* 0, 1 list head, 2 rb root */
	int node; /* 0, 1 list node, 2 rb node */
};

static struct gen_member gm(int type, uint32_t size, uint32_t align, uint32_t uniq)
{
	return (struct gen_member){ .type = type, .size = size, .align = align, .uniq = uniq };
}

static int special_of(struct gen *g, int pick, struct gen_member *m)
{
	struct rb *r = &g->r;
	int lock = g->res_lock ? r->rlock : r->lock;

	switch (pick) {
	case 0:
		*m = gm(lock, 4, 4, g->res_lock ? HIVE_FIELD_RES_SPIN_LOCK : HIVE_FIELD_SPIN_LOCK);
		break;
	case 1:
		*m = gm(r->head, 16, 8, 0);
		m->root = 1;
		break;
	case 2:
		*m = gm(r->node, 24, 8, 0);
		m->node = 1;
		break;
	case 3:
		*m = gm(r->root, 16, 8, 0);
		m->root = 2;
		break;
	case 4:
		*m = gm(r->rbnode, 32, 8, 0);
		m->node = 2;
		break;
	case 5:
		*m = gm(r->ref, 4, 4, UNIQ_REF);
		break;
	case 6:
		*m = gm(r->timer, 16, 8, HIVE_FIELD_TIMER);
		break;
	case 7:
		*m = gm(r->wq, 16, 8, HIVE_FIELD_WQ);
		break;
	default:
		*m = gm(r->tw, 8, 8, HIVE_FIELD_TASK_WORK);
		break;
	}
	return 0;
}

static const char *const kptr_tag_pool[] = {
	"kptr",	       "kptr",	      "kptr", "kptr_untrusted", "kptr_untrusted",
	"percpu_kptr", "percpu_kptr", "uptr", "kptr_bad",	"kptr",
};

/* A kptr-ish pointer to a random target. */
static void pointer_member(struct gen *g, int self, struct gen_member *m)
{
	struct rb *r = &g->r;
	int target;

	if (self && chance(70))
		target = g->s[rnd(self)].id; /* structs generated so far */
	else if (chance(85))
		target = g->kernel_named[rnd(3)];
	else
		target = r->i32;
	if (chance(10))
		m->type = rb_check(btf_add_ptr(r->btf, target), "ptr");
	else
		m->type = rb_tagged_ptr(r, kptr_tag_pool[rnd(ARRAY_SIZE(kptr_tag_pool))], target);
	if (chance(8))
		m->type = rb_check(btf_add_volatile(r->btf, m->type), "volatile");
	m->size = m->align = 8;
}

/* Pick a member for a struct (or a variable for a DATASEC); arrays are built here. */
static void pick_member(struct gen *g, int self, struct gen_member *m)
{
	struct rb *r = &g->r;
	uint32_t roll = rnd(100);

	memset(m, 0, sizeof(*m));
	if (roll < 25) {
		*m = chance(50) ? gm(r->i32, 4, 4, 0) : gm(r->u64, 8, 8, 0);
	} else if (roll < 60) {
		special_of(g, (int)rnd(9), m);
	} else if (roll < 75 && self > 0) {
		const struct gen_struct *s = &g->s[rnd(self)];

		*m = gm(s->id, s->size, 8, s->uniq);
		m->nested = true;
	} else if (roll < 90) {
		pointer_member(g, self, m);
	} else {
		*m = gm(r->chr, 1, 1, 0);
	}
	if (chance(15) && m->type != r->chr) {
		/* arrays: mostly 1-3 elements, sometimes empty or two-dimensional */
		uint32_t dims[2] = { rnd(4), 1 + rnd(2) };
		int nd = chance(15) ? 2 : 1;

		if (dims[0] == 0 && chance(50))
			dims[0] = 2;
		m->type = rb_array(r, m->type, dims, nd);
		m->size *= dims[0] * (nd == 2 ? dims[1] : 1);
		if (m->size == 0)
			m->uniq = 0;
		m->node = 0; /* an array is not a node member contains: can name */
		if (m->uniq)
			m->nested = true; /* repeated kinds are rejected, never WARNed */
	}
}

/* Whether adding @m to a level whose direct kinds are @direct and nested ones @nested could
 * make the kernel WARN (a duplicate that is not a same-level name clash). */
static bool warns(const struct gen_member *m, uint32_t direct, uint32_t nested)
{
	uint32_t all = direct | nested;

	if (m->uniq & all & UNIQ_REF)
		return true; /* refcounts are never unique by name: any second one */
	if (m->nested)
		return m->uniq & all;
	return m->uniq & nested; /* a direct one clashing with a direct one: -E2BIG, no WARN */
}

/* Layout state of the struct being generated. */
struct gen_layout {
	struct rb_parsed mem[2 * GEN_MAX_MEMBERS];
	int n;
	uint32_t off, last, end, direct, nested;
};

/* Append @m at the next offset: usually aligned, sometimes misaligned or overlapping. */
static void place(struct gen_struct *s, struct gen_layout *l, const struct gen_member *m)
{
	int i = l->n++;

	*(m->nested ? &l->nested : &l->direct) |= m->uniq;
	if (chance(4) && i)
		l->off = l->last; /* same offset as the previous member */
	else if (chance(6) && m->align > 1)
		l->off += 1 + rnd(m->align - 1); /* misaligned */
	else
		l->off = (l->off + m->align - 1) / m->align * m->align;
	l->last = l->off;
	l->mem[i] = (struct rb_parsed){ .type = m->type, .bits = l->off * 8 };
	snprintf(l->mem[i].name, sizeof(l->mem[i].name), "m%d", i);
	if (m->node == 1 && !s->list_node[0])
		snprintf(s->list_node, sizeof(s->list_node), "m%d", i);
	if (m->node == 2 && !s->rb_node[0])
		snprintf(s->rb_node, sizeof(s->rb_node), "m%d", i);
	if (m->root)
		s->roots[s->nroots++] = (typeof(s->roots[0])){ i, m->root == 2 };
	l->off += m->size;
	l->end = hive_max(l->end, l->off);
}

/* Most graph types are meant to be valid: a root usually comes with a lock, a second node
 * kind with a refcount (unless that would be a duplicate the kernel WARNs about). */
static void add_companions(struct gen *g, struct gen_struct *s, struct gen_layout *l,
			   const struct gen_member *m)
{
	uint32_t lock_kind = g->res_lock ? HIVE_FIELD_RES_SPIN_LOCK : HIVE_FIELD_SPIN_LOCK;
	struct gen_member c;

	if (m->root && !((l->direct | l->nested) & lock_kind) && chance(75)) {
		special_of(g, 0, &c);
		place(s, l, &c);
	}
	if (m->node && (s->list_node[0] || s->rb_node[0]) &&
	    !((l->direct | l->nested) & UNIQ_REF) && chance(75)) {
		special_of(g, 5, &c);
		place(s, l, &c);
	}
}

static void gen_struct(struct gen *g, int k)
{
	struct gen_struct *s = &g->s[k];
	struct gen_layout l = { .n = 0 };
	int n = 1 + (int)rnd(GEN_MAX_MEMBERS - 1);
	char name[16];

	memset(s, 0, sizeof(*s));
	for (int i = 0; i < n; i++) {
		struct gen_member m;

		do
			pick_member(g, k, &m);
		while (warns(&m, l.direct, l.nested));
		add_companions(g, s, &l, &m);
		place(s, &l, &m);
	}
	s->uniq = l.direct | l.nested;
	s->size = (l.end + 7) / 8 * 8 + (chance(20) ? 8 : 0);
	snprintf(name, sizeof(name), "s%d", k);
	s->id = rb_check(btf_add_struct(g->r.btf, name, s->size), name);
	for (int i = 0; i < l.n; i++)
		rb_check(btf_add_field(g->r.btf, l.mem[i].name, l.mem[i].type, l.mem[i].bits, 0),
			 l.mem[i].name);
}

/* `contains:` for a root at (@target, @comp): usually right, sometimes wrong in one of the
 * ways A.3 lists. */
static void gen_contains(struct gen *g, int target, int comp, bool rb)
{
	struct rb *r = &g->r;
	const struct gen_struct *v = &g->s[rnd(g->nstructs)];
	const char *node = rb ? v->rb_node : v->list_node;
	char buf[96];
	uint32_t roll = rnd(100);

	for (int i = 0; i < g->nstructs && !node[0]; i++) {
		v = &g->s[i];
		node = rb ? v->rb_node : v->list_node;
	}
	snprintf(buf, sizeof(buf), "s%d:%s", (int)(v - g->s), node[0] ? node : "m0");
	if (roll < 6)
		return; /* no tag */
	if (roll < 10)
		snprintf(buf, sizeof(buf), "s%d:%s", (int)(v - g->s),
			 rb ? v->list_node : v->rb_node);
	else if (roll < 13)
		snprintf(buf, sizeof(buf), "nosuch:m0");
	else if (roll < 15)
		snprintf(buf, sizeof(buf), "s%d", (int)(v - g->s));
	else if (roll < 17)
		snprintf(buf, sizeof(buf), "s%d:", (int)(v - g->s));
	else if (roll < 20)
		snprintf(buf, sizeof(buf), "s%d:m7", (int)(v - g->s));
	rb_contains(r, target, comp, buf);
	if (roll >= 20 && roll < 23)
		rb_contains(r, target, comp, buf); /* twice */
}

/* A DATASEC of random variables, tagged like struct members. */
static void gen_datasec(struct gen *g)
{
	uint32_t vars[3 * GEN_MAX_MEMBERS], off = 0, direct = 0, nested = 0;
	int n = 1 + (int)rnd(4), roots[GEN_MAX_MEMBERS], rb[GEN_MAX_MEMBERS], nroots = 0;

	for (int i = 0; i < n; i++) {
		struct gen_member m;
		char name[16];
		int var;

		do
			pick_member(g, g->nstructs, &m);
		while (warns(&m, direct, nested));
		*(m.nested ? &nested : &direct) |= m.uniq;
		snprintf(name, sizeof(name), "v%d", i);
		var = rb_var(&g->r, name, m.type);
		off = (off + m.align - 1) / m.align * m.align;
		vars[3 * i] = var;
		vars[3 * i + 1] = off;
		vars[3 * i + 2] = m.size + (chance(5) ? 4 : 0);
		if (m.root) {
			roots[nroots] = var;
			rb[nroots++] = m.root == 2;
		}
		off += vars[3 * i + 2] ? vars[3 * i + 2] : 1;
	}
	for (int i = 0; i < n; i++)
		if (!vars[3 * i + 2])
			vars[3 * i + 2] = 1; /* the kernel wants size >= 1 even for empty arrays */
	g->datasec_size = (off + 7) / 8 * 8;
	g->datasec = rb_datasec(&g->r, ".bss.R", g->datasec_size, n, vars);
	for (int i = 0; i < nroots; i++)
		gen_contains(g, roots[i], -1, rb[i]);
}

static void gen_btf(struct gen *g)
{
	static const char *const knames[3] = { "task_struct", "file", "prog_test_ref_kfunc" };

	memset(g, 0, sizeof(*g));
	rb_init(&g->r);
	g->res_lock = chance(15);
	for (int i = 0; i < 3; i++)
		g->kernel_named[i] = rb_struct(&g->r, knames[i], 8, "u64 x@0");
	g->nstructs = 1 + (int)rnd(GEN_MAX_STRUCTS - 1);
	for (int k = 0; k < g->nstructs; k++)
		gen_struct(g, k);
	for (int k = 0; k < g->nstructs; k++)
		for (int i = 0; i < g->s[k].nroots; i++)
			gen_contains(g, g->s[k].id, g->s[k].roots[i].comp, g->s[k].roots[i].rb);
	if (chance(50))
		gen_datasec(g);
}

static const uint32_t gen_map_types[] = { RC_HASH,	   RC_ARRAY,	RC_PERCPU_HASH,
					  RC_PERCPU_ARRAY, RC_LRU_HASH, RC_LRU_PERCPU_HASH };

/* The maps of a random BTF: some struct values, and the DATASEC as global data. */
static int gen_maps(struct gen *g, struct btf_map_def *defs)
{
	int n = 0;

	if (g->datasec) {
		rc_global_map(&g->r, &defs[n], g->datasec);
		defs[n++].map_flags = chance(10) ? RC_F_RDONLY_PROG : 0;
	}
	for (int i = 0; i < 3; i++) {
		const struct gen_struct *s = &g->s[rnd(g->nstructs)];

		rc_map(&g->r, &defs[n], gen_map_types[rnd(6)], s->id,
		       chance(10) ? RC_F_RDONLY_PROG : 0);
		n++;
	}
	return n;
}

static void run_random(int count, int *agree, int *loaded, int *maps)
{
	for (int i = 0; i < count; i++) {
		struct btf_map_def defs[4];
		struct outcome us, k;
		struct gen g;
		char name[48];
		int n;

		gen_btf(&g);
		n = gen_maps(&g, defs);
		snprintf(name, sizeof(name), "random#%d", i);
		/* load first, then each map against its own fresh BTF load */
		ours(&g.r, &(struct btf_map_def){ 0 }, &us);
		if (us.diverges) {
			if (verbose > 1)
				printf("not sent: %s\n", us.msg);
			not_sent++;
			rb_free(&g.r);
			continue;
		}
		kernel(&g.r, &(struct btf_map_def){ 0 }, &k);
		check(name, us.load == k.load, &us, &k, "BTF load differs from the kernel",
		      "kernel");
		*agree += us.load == k.load;
		*loaded += !us.load;
		hist_add(hist_load, k.load);
		if (verbose > 1 && us.load)
			printf("reason %s\n", us.msg);
		for (int j = 0; !us.load && !k.load && j < n; j++) {
			struct outcome um, km;

			ours(&g.r, &defs[j], &um);
			if (um.diverges) {
				if (verbose > 1)
					printf("not sent: %s\n", um.msg);
				not_sent++;
				continue;
			}
			kernel(&g.r, &defs[j], &km);
			snprintf(name, sizeof(name), "random#%d map%d(type %u)", i, j,
				 defs[j].map_type);
			check(name, um.map == km.map, &um, &km,
			      "map create differs from the kernel", "kernel");
			*agree += um.map == km.map;
			(*maps)++;
			hist_add(hist_map, km.map);
		}
		rb_free(&g.r);
	}
}

static int quiet_print(enum hive_print_level level, const char *fmt, va_list ap)
{
	(void)level;
	(void)fmt;
	(void)ap;
	return 0;
}

/* ---- hostile BTF: mutated bytes must give a clean error or a sane record ---- */

static bool known_errno(long err)
{
	return err == -EINVAL || err == -E2BIG || err == -ENOENT || err == -EEXIST ||
	       err == -EFAULT || err == -ELOOP || err == -EACCES || err == -EOPNOTSUPP;
}

/* Sorted, non-overlapping, inside the value, at most BTF_FIELDS_MAX, mask consistent. */
static bool record_sane(const struct hive_record *rec, uint32_t size)
{
	uint64_t next = 0;
	uint32_t mask = 0;

	if (!rec)
		return true;
	if (IS_ERR(rec))
		return known_errno(PTR_ERR(rec));
	if (!rec->cnt || rec->cnt > BTF_FIELDS_MAX)
		return false;
	for (uint32_t i = 0; i < rec->cnt; i++) {
		const struct hive_field *f = &rec->fields[i];

		if (f->offset < next || (uint64_t)f->offset + f->size > size)
			return false;
		next = (uint64_t)f->offset + f->size;
		mask |= f->kind;
	}
	return mask == rec->field_mask;
}

static void check_mutant(struct hive_btf *b, const char *name, int *records)
{
	struct btf_fields_ctx ctx = { .kernel_btf = vmlinux };
	struct btf_struct_metas *metas = btf_parse_struct_metas(b, &ctx);
	bool ok = !IS_ERR(metas) || known_errno(PTR_ERR(metas));

	for (uint32_t i = 0; i < btf_struct_metas_cnt(metas); i++) {
		const struct hive_struct_meta *m = btf_struct_meta_at(metas, i);

		ok = ok && m->record && record_sane(m->record, m->size);
	}
	for (uint32_t id = 1; id < btf_type_cnt(b); id++) {
		const struct btf_type *t = btf_type_by_id(b, id);
		struct btf_map_def def = {
			.map_type = RC_HASH, .key_size = 4, .max_entries = 1, .value_type_id = id
		};
		struct hive_record *rec;
		int err;

		if (!btf_is_struct(t) && !btf_is_datasec(t))
			continue;
		rec = btf_parse_fields(b, id, HIVE_FIELD_MAP_VALUE_MASK, t->size, &ctx);
		ok = ok && record_sane(rec, t->size);
		*records += !IS_ERR_OR_NULL(rec);
		btf_record_free(rec);
		def.value_size = t->size;
		def.map_type = btf_is_datasec(t) ? RC_ARRAY : RC_HASH;
		def.key_type_id = btf_is_datasec(t) ? 0 : 1;
		rec = NULL;
		err = btf_map_check_btf(b, IS_ERR(metas) ? NULL : metas, &def, &ctx, &rec, NULL);
		ok = ok && (err ? known_errno(err) && !rec : record_sane(rec, t->size));
		btf_record_free(rec);
	}
	btf_struct_metas_free(metas);
	check(name, ok, &(struct outcome){ 0 }, &(struct outcome){ 0 }, "insane answer", "sane");
}

static void run_mutations(int count)
{
	int parsed = 0, records = 0;

	for (int i = 0; i < count; i++) {
		struct hive_btf *b;
		struct gen g;
		uint32_t sz;
		const uint8_t *raw;
		uint8_t *copy;
		char name[32];

		gen_btf(&g);
		raw = btf_raw_data(g.r.btf, &sz);
		copy = malloc(sz);
		memcpy(copy, raw, sz);
		/* a few random bytes of the type and string sections (past the 24-byte header) */
		for (uint32_t n = 1 + rnd(6); n && sz > 24; n--)
			copy[24 + rnd(sz - 24)] = (uint8_t)(chance(50) ? rnd(256) : rnd(64));
		b = btf_parse_raw(copy, sz, NULL);
		if (!IS_ERR_OR_NULL(b)) {
			snprintf(name, sizeof(name), "mutant#%d", i);
			check_mutant(b, name, &records);
			parsed++;
		}
		btf_free(b);
		free(copy);
		rb_free(&g.r);
	}
	printf("mutations: %d BTFs, %d still parsed, %d records built from them, all sane\n", count,
	       parsed, records);
}

int main(int argc, char **argv)
{
	int count = argc > 1 ? atoi(argv[1]) : 400, agree = 0, loaded = 0, maps = 0;
	bool mutate = argc > 3 && !strcmp(argv[3], "mutate");
	struct hive_btf *kbtf;
	bool have_kernel = !mutate && kern_available();

	rng_state = argc > 2 ? strtoull(argv[2], NULL, 0) : 0x5eed1e55ULL;
	verbose = getenv("HIVE_VERBOSE") ? atoi(getenv("HIVE_VERBOSE")) : 0;
	hive_set_print(quiet_print);
	kbtf = btf_parse_file("/sys/kernel/btf/vmlinux", NULL);
	vmlinux = IS_ERR(kbtf) ? NULL : kbtf;
	if (!vmlinux)
		printf("note: no /sys/kernel/btf/vmlinux: kptr pointees are all program types\n");
	if (mutate) {
		run_mutations(count);
		printf("%d passed, %d failed\n", passed, failed);
		btf_free(kbtf);
		return failed ? 1 : 0;
	}
	run_cases(have_kernel, &agree);
	if (!have_kernel) {
		printf("SKIP: bpf() is not permitted here: %d hand cases checked against their "
		       "expected errnos only\n",
		       passed + failed);
		printf("%d passed, %d failed\n", passed, failed);
		btf_free(kbtf);
		return failed ? 1 : 77;
	}
	printf("hand cases: %zu, kernel agreement so far %d\n", sizeof(rcases) / sizeof(rcases[0]),
	       agree);
	run_random(count, &agree, &loaded, &maps);
	printf("random: %d BTFs (seed %#llx), %d loaded, %d maps created or refused; "
	       "%d comparisons agree with the kernel in total\n",
	       count, (unsigned long long)(argc > 2 ? strtoull(argv[2], NULL, 0) : 0x5eed1e55ULL),
	       loaded, maps, agree);
	printf("random: %d BTF loads or map creations not sent to the kernel (it would WARN)\n",
	       not_sent);
	printf("random: %d map records with fields misaligned by packed nesting (kernel-valid) were "
	       "checked but not given to maps_create()\n",
	       misaligned);
	hist_print("random BTF loads (kernel errno=count)", hist_load);
	hist_print("random map creations (kernel errno=count)", hist_map);
	printf("%d passed, %d failed\n", passed, failed);
	btf_free(kbtf);
	return failed ? 1 : 0;
}
