// SPDX-License-Identifier: BSD-2-Clause
/*
 * tests/graph/cases_ok.c: programs that must load and, run with BPF_PROG_TEST_RUN, give the
 * spec's results (E.1-E.3, E.5-E.7), the per-CPU kfuncs, and the realistic programs. Each
 * case loads one fresh object, so maps and globals start as the ELF says. Expected values
 * are the spec's or, for our own programs, derived in the program's comments (the derivation
 * script's arithmetic is repeated there); none was copied from a kernel run.
 */
#include <stddef.h>

#include "cases.h"

#define RUN_CASE(sec, nm, o, ...)                                     \
	{                                                             \
		.name = nm, .section = sec, .kind = GC_RUN, .obj = o, \
		.steps = (const struct gc_step[])                     \
		{                                                     \
			__VA_ARGS__, GC_END_                          \
		}                                                     \
	}
#define R(p, v) GC_RUN_(p, v)
#define C(var, v) GC_CHECK_(var, v)
#define F(map) GC_FILL_(map, 0, 0xff)

/* E.3: one mode of prog_tests/linked_list.c; @fill: overwrite the value after each run. */
#define PP_MAP(fill) R("map_list_push_pop", 0), fill("slots")
#define PP_INNER(fill) R("inner_map_list_push_pop", 0), fill("inner_slots")
#define PP_GLOBAL(fill)                                                                     \
	R("global_list_push_pop", 0), fill(".data.A"), R("global_list_push_pop_nested", 0), \
		fill(".data.D"), R("global_list_array_push_pop", 0), fill(".data.C")
#define PPM(fill)                                                              \
	R("map_list_push_pop_multiple", 0), fill("slots"),                     \
		R("inner_map_list_push_pop_multiple", 0), fill("inner_slots"), \
		R("global_list_push_pop_multiple", 0), fill(".data.A")
#define LIL(fill)                                                                \
	R("map_list_in_list", 0), fill("slots"), R("inner_map_list_in_list", 0), \
		fill("inner_slots"), R("global_list_in_list", 0), fill(".data.A")
/* Overwrite with 0xff bytes; the next program of the mode then checks the list is empty. */
#define DRAIN(m) F(m)
/* leave_in_map: nothing between runs; map destruction frees what is left. */
#define KEEP(m) C("gcount", 0)

const struct gc_case gc_ok_cases[] = {
	/* ---- E.1 ---- */
	RUN_CASE("E.1", "e1.add_nodes", "rb_ok", R("rb_add_nodes", 0), C("rb_less_ran", 1)),
	RUN_CASE("E.1", "e1.add_nodes_nested", "rb_ok", R("rb_add_nodes_nested", 0),
		 C("rb_less_ran", 1)),
	RUN_CASE("E.1", "e1.add_and_remove", "rb_ok", R("rb_add_and_remove", 0),
		 C("rb_removed_key", 5)),
	RUN_CASE("E.1", "e1.add_and_remove_array", "rb_ok", R("rb_add_and_remove_array", 0)),
	RUN_CASE("E.1", "e1.first_and_remove", "rb_ok", R("rb_first_and_remove", 0),
		 C("rb_first_data[0]", 2), C("rb_removed_key", 1), C("rb_first_data[1]", 4)),
	RUN_CASE("E.1", "e1.release_aliasing", "rb_ok", R("rb_release_aliasing", 0),
		 C("rb_first_data[0]", 42), C("rb_first_data[1]", -1)),
	RUN_CASE("E.1", "e1.remove_unadded", "rb_fail", R("rbs_remove_unadded", 0)),

	/* ---- E.2: 16 keys 0..15 added in order; the path to 8 has 4 nodes (a red-black
	 * insertion of 0..15 gives root 3, then 7, 11, 9 on the way to 8) ---- */
	RUN_CASE("E.2", "e2.search", "rb_search", R("rs_search", 0), C("rs_visited", 4),
		 C("rs_removed", 4), C("rs_found_key1", 108)),

	/* ---- E.3: linked_list.c modes ---- */
	RUN_CASE("E.3", "e3.push_pop.drain", "ll_ok", PP_MAP(DRAIN), PP_INNER(DRAIN),
		 PP_GLOBAL(DRAIN), C("gcount", -1)),
	RUN_CASE("E.3", "e3.push_pop.keep", "ll_ok", PP_MAP(KEEP), PP_INNER(KEEP), PP_GLOBAL(KEEP)),
	RUN_CASE("E.3", "e3.push_pop_mult.drain", "ll_ok", PPM(DRAIN)),
	RUN_CASE("E.3", "e3.push_pop_mult.keep", "ll_ok", PPM(KEEP)),
	RUN_CASE("E.3", "e3.list_in_list.drain", "ll_ok", LIL(DRAIN)),
	RUN_CASE("E.3", "e3.list_in_list.keep", "ll_ok", LIL(KEEP)),
	RUN_CASE("E.3", "e3.all.drain", "ll_ok", PP_MAP(DRAIN), PP_INNER(DRAIN), PP_GLOBAL(DRAIN),
		 PPM(DRAIN), LIL(DRAIN)),
	/* Control: without the overwrite the leftover 42 is seen by the next run (3). */
	RUN_CASE("E.3", "e3.leftover_seen", "ll_ok", R("map_list_push_pop", 0),
		 R("map_list_push_pop", 3)),

	/* ---- E.5 ---- */
	RUN_CASE("E.5", "e5.list_peek", "ll_peek", R("lp_peek", 0)),

	/* ---- E.6: rc.bpf.c; 123 + 456 = 579, 42 + 42 = 84 ---- */
	RUN_CASE("E.6", "e6.tree_rm_list_rm", "rc", R("rc_tree_rm_list_rm", 579)),
	RUN_CASE("E.6", "e6.tree_rm_list_keep", "rc", R("rc_tree_rm_list_keep", 579)),
	RUN_CASE("E.6", "e6.tree_keep_list_rm", "rc", R("rc_tree_keep_list_rm", 579)),
	RUN_CASE("E.6", "e6.tree_keep_list_keep", "rc", R("rc_tree_keep_list_keep", 579)),
	RUN_CASE("E.6", "e6.lf_tree_rm_list_rm", "rc", R("rc_lf_tree_rm_list_rm", 579)),
	RUN_CASE("E.6", "e6.lf_tree_rm_list_keep", "rc", R("rc_lf_tree_rm_list_keep", 579)),
	RUN_CASE("E.6", "e6.lf_tree_keep_list_rm", "rc", R("rc_lf_tree_keep_list_rm", 579)),
	RUN_CASE("E.6", "e6.lf_tree_keep_list_keep", "rc", R("rc_lf_tree_keep_list_keep", 579)),
	RUN_CASE("E.6", "e6.double_tree", "rc", R("rc_double_tree", -1)),
	RUN_CASE("E.6", "e6.double_list", "rc", R("rc_double_list", -1)),
	RUN_CASE("E.6", "e6.stash_tree_rm", "rc", R("rc_stash_tree_rm", 84)),
	RUN_CASE("E.6", "e6.stash_tree_keep", "rc", R("rc_stash_tree_keep", 84)),
	RUN_CASE("E.6", "e6.ref_escapes", "rc", R("rc_ref_escapes", 0)),
	RUN_CASE("E.6", "e6.ref_escapes_owning", "rc", R("rc_ref_escapes_owning", 0)),
	RUN_CASE("E.6", "e6.wrong_owner", "rc", R("rc_wrong_owner_a1", 0), R("rc_wrong_owner_b", 0),
		 R("rc_wrong_owner_a2", 0)),
	RUN_CASE("E.6", "e6.sleepable_rcu", "rc", R("rc_sleepable_rcu", 0)),
	RUN_CASE("E.6", "e6.sleepable_no_rcu", "rc", R("rc_sleepable_no_rcu", 0)),

	/* ---- E.7: ks.bpf.c ---- */
	RUN_CASE("E.7", "e7.stash_simple", "ks", R("ks_stash_rb_nodes", 0)),
	RUN_CASE("E.7", "e7.stash_plain", "ks", R("ks_stash_plain", 0)),
	RUN_CASE("E.7", "e7.stash_local_with_root", "ks", R("ks_stash_local_with_root", 0)),
	RUN_CASE("E.7", "e7.unstash", "ks", R("ks_stash_rb_nodes", 0), R("ks_unstash_rb_node", 42)),
	RUN_CASE("E.7", "e7.acquire_without_unstash", "ks", R("ks_acquire_without_unstash", 2),
		 R("ks_stash_refcounted", 0), R("ks_acquire_without_unstash", 42)),
	RUN_CASE("E.7", "e7.kernel_kptr", "ks", R("ks_stash_kernel_kptr", 0)),
	/* cm.bpf.c: the cpumask kfuncs; cm_res[] derivations are in the program */
	RUN_CASE("E.7", "e7.cpumask_algebra", "cm", R("cm_algebra", 0), C("cm_res[0]", 1),
		 C("cm_res[1]", 0), C("cm_res[2]", 1), C("cm_res[3]", 0), C("cm_res[4]", 1),
		 C("cm_res[5]", 1), C("cm_res[6]", 1), C("cm_res[7]", 1), C("cm_res[8]", 1),
		 C("cm_res[9]", 1), C("cm_res[10]", 1), C("cm_res[11]", 1), C("cm_res[12]", 1),
		 C("cm_res[13]", 1), C("cm_res[14]", 1), C("cm_res[15]", 1)),
	/* stash, replace (the old mask released), user-space update (the kernel frees the
	 * value's kptr), stash again and leave it for the map's destruction (the dtor) */
	RUN_CASE("E.7", "e7.cpumask_stash", "cm", R("cm_stash", 0), R("cm_peek", 101),
		 R("cm_stash", 10), R("cm_peek", 101), F("cm_slots"), R("cm_peek", 5),
		 R("cm_stash", 0)),

	/* ---- per-CPU objects (B.1, B.2, C.9): two +5 updates, whatever CPUs ran them ---- */
	RUN_CASE("B", "b.percpu_new_drop", "pc", R("pc_new_drop", 0)),
	RUN_CASE("B", "b.percpu_stash_update", "pc", R("pc_read_sum", 1000), R("pc_stash", 0),
		 R("pc_update", 0), R("pc_update", 0), R("pc_read_sum", 10),
		 R("pc_unstash_drop", 0), R("pc_read_sum", 1000)),
	/* D.8 runs: the 6.18-accepted programs do what they say at run time */
	RUN_CASE("D.8", "d8.acquire_rcu_unchecked_drop.run", "rc",
		 R("rc_acquire_rcu_unchecked_drop", 2), R("rc_stash_only", 0),
		 R("rc_acquire_rcu_unchecked_drop", 0)),
	RUN_CASE("D.8", "d8.remove_after_rcu_unlock0.run", "rc", R("rc_stash_z", 0),
		 R("rc_remove_after_rcu_unlock0", 0)),
	{ .name = NULL },
};

/*
 * Realistic programs (real.bpf.c). Derivations:
 *   edf: deadline(i) = 100 + 10 * ((37 i) mod 32), equal deadlines pop in insertion order;
 *        sum over positions k of k * pid = 68240, first pid 0.
 *   fifo: pids 0..31 in order: sum k * (k - 1), k = 1..32 = 11440 - 528 = 10912.
 *   shared task: 40 picks of the smallest vtime (ties: the task re-added last goes last),
 *        each charged 50 + pid: sum k * pid = 5702; each task is in both collections.
 *   sharded: 64 keys, 16 per shard, shard j's smallest key is j; sum 0..63 = 2016.
 *   nested: outers 0 and 1 consumed: (0+..+4) + (10+..+14) = 70.
 */
const struct gc_case gc_real_cases[] = {
	RUN_CASE("REAL", "real.edf", "real", R("edf_enqueue", 0), R("edf_dispatch", 0),
		 C("edf_popped", 64), C("edf_first_pid", 0), C("edf_order_hash", 68240)),
	RUN_CASE("REAL", "real.fifo", "real", R("fifo_enqueue", 0), R("fifo_dispatch", 0),
		 C("fifo_count", 32), C("fifo_order_hash", 10912), C("fifo_peeked", 0)),
	RUN_CASE("REAL", "real.shared_task", "real", R("rt_add", 0), R("rt_pick", 0),
		 R("rt_drain", 0), C("rt_pick_hash", 5702), C("rt_list_count", 16),
		 C("rt_tree_count", 16), C("rt_picks_total", 40)),
	RUN_CASE("REAL", "real.sharded", "real", R("shard_insert", 0), R("shard_drain", 2016),
		 C("shard_counts[0]", 16), C("shard_counts[1]", 16), C("shard_counts[2]", 16),
		 C("shard_counts[3]", 16), C("shard_min[0]", 0), C("shard_min[1]", 1),
		 C("shard_min[2]", 2), C("shard_min[3]", 3)),
	RUN_CASE("REAL", "real.nested", "real", R("nest_build", 0), R("nest_consume", 0),
		 C("nest_sum", 70), C("nest_outers", 2)),
	{ .name = NULL },
};
