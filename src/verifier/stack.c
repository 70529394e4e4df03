// SPDX-License-Identifier: BSD-2-Clause
/*
 * verifier/stack.c: the BPF stack as the verifier tracks it, per frame and per 8-byte slot.
 *
 * Each slot keeps a byte type (STACK_INVALID never written, STACK_MISC unknown data,
 * STACK_ZERO known zero, STACK_SPILL part of a spilled register, or one of the special objects:
 * a bpf_dynptr over two slots, an open-coded iterator over several, saved IRQ flags) and, for
 * spills and objects, a register state. Writes of a whole register keep its state (a pointer
 * survives a round trip through the stack, a scalar keeps its bounds and its id); narrower or
 * variable-offset writes degrade slots to MISC. Reads check that bytes were initialised (a
 * privileged loader may read STACK_INVALID: the kernel's allow_uninit_stack) and record the
 * read for stack liveness.
 */
#include <errno.h>
#include <string.h>

#include "verifier/env.h"

/* ---- slot classification ---- */

static bool is_stack_slot_special(const struct bpf_stack_state *stack)
{
	switch (stack->slot_type[BPF_REG_SIZE - 1]) {
	case STACK_INVALID:
	case STACK_MISC:
	case STACK_ZERO:
		return false;
	default:
		return true;
	}
}

/* A partial spill keeps STACK_ZERO and STACK_INVALID bytes as they are (both read as data). */
static void mark_stack_slot_misc(u8 *stype)
{
	if (*stype == STACK_ZERO || *stype == STACK_INVALID)
		return;
	*stype = STACK_MISC;
}

static void scrub_spilled_slot(u8 *stype)
{
	if (*stype != STACK_INVALID)
		*stype = STACK_MISC;
}

bool is_spillable_regtype(u32 type)
{
	switch (base_type(type)) {
	case PTR_TO_MAP_VALUE:
	case PTR_TO_STACK:
	case PTR_TO_CTX:
	case PTR_TO_PACKET:
	case PTR_TO_PACKET_META:
	case PTR_TO_PACKET_END:
	case PTR_TO_FLOW_KEYS:
	case CONST_PTR_TO_MAP:
	case PTR_TO_SOCKET:
	case PTR_TO_SOCK_COMMON:
	case PTR_TO_TCP_SOCK:
	case PTR_TO_XDP_SOCK:
	case PTR_TO_BTF_ID:
	case PTR_TO_BUF:
	case PTR_TO_MEM:
	case PTR_TO_FUNC:
	case PTR_TO_MAP_KEY:
	case PTR_TO_ARENA:
		return true;
	default:
		return false;
	}
}

/* ---- slots of stack objects (dynptr, iterator, irq flag) ---- */

static bool is_spi_bounds_valid(struct bpf_func_state *state, int spi, int nr_slots)
{
	int allocated_slots = state->allocated_stack / BPF_REG_SIZE;

	/* slots [spi - nr_slots + 1, spi] must lie within the allocated stack */
	return spi - nr_slots + 1 >= 0 && spi < allocated_slots;
}

/* The first slot of an object at @reg; -ERANGE when the stack has not grown that far yet. */
static int stack_slot_obj_get_spi(struct bpf_verifier_env *env, struct bpf_reg_state *reg,
				  const char *obj_kind, int nr_slots)
{
	int off, spi;

	if (!tnum_is_const(reg->var_off)) {
		verbose(env, "%s has to be at a constant offset\n", obj_kind);
		return -EINVAL;
	}
	off = reg->off + (int)reg->var_off.value;
	if (off % BPF_REG_SIZE) {
		verbose(env, "cannot pass in %s at an offset=%d\n", obj_kind, off);
		return -EINVAL;
	}
	spi = __get_spi(off);
	if (spi + 1 < nr_slots) {
		verbose(env, "cannot pass in %s at an offset=%d\n", obj_kind, off);
		return -EINVAL;
	}
	if (!is_spi_bounds_valid(func(env, reg), spi, nr_slots))
		return -ERANGE;
	return spi;
}

int dynptr_get_spi(struct bpf_verifier_env *env, struct bpf_reg_state *reg)
{
	return stack_slot_obj_get_spi(env, reg, "dynptr", BPF_DYNPTR_NR_SLOTS);
}

int iter_get_spi(struct bpf_verifier_env *env, struct bpf_reg_state *reg, int nr_slots)
{
	return stack_slot_obj_get_spi(env, reg, "iter", nr_slots);
}

int irq_flag_get_spi(struct bpf_verifier_env *env, struct bpf_reg_state *reg)
{
	return stack_slot_obj_get_spi(env, reg, "irq_flag", 1);
}

enum bpf_dynptr_type arg_to_dynptr_type(u32 arg_type)
{
	switch (arg_type & DYNPTR_TYPE_FLAG_MASK) {
	case DYNPTR_TYPE_LOCAL:
		return BPF_DYNPTR_TYPE_LOCAL;
	case DYNPTR_TYPE_RINGBUF:
		return BPF_DYNPTR_TYPE_RINGBUF;
	case DYNPTR_TYPE_SKB:
		return BPF_DYNPTR_TYPE_SKB;
	case DYNPTR_TYPE_XDP:
		return BPF_DYNPTR_TYPE_XDP;
	case DYNPTR_TYPE_SKB_META:
		return BPF_DYNPTR_TYPE_SKB_META;
	default:
		return BPF_DYNPTR_TYPE_INVALID;
	}
}

u32 get_dynptr_type_flag(enum bpf_dynptr_type type)
{
	switch (type) {
	case BPF_DYNPTR_TYPE_LOCAL:
		return DYNPTR_TYPE_LOCAL;
	case BPF_DYNPTR_TYPE_RINGBUF:
		return DYNPTR_TYPE_RINGBUF;
	case BPF_DYNPTR_TYPE_SKB:
		return DYNPTR_TYPE_SKB;
	case BPF_DYNPTR_TYPE_XDP:
		return DYNPTR_TYPE_XDP;
	case BPF_DYNPTR_TYPE_SKB_META:
		return DYNPTR_TYPE_SKB_META;
	default:
		return 0;
	}
}

bool dynptr_type_refcounted(enum bpf_dynptr_type type)
{
	return type == BPF_DYNPTR_TYPE_RINGBUF;
}

void mark_dynptr_reg(struct bpf_reg_state *reg, enum bpf_dynptr_type type, bool first_slot,
		     int dynptr_id)
{
	/* the type only matters for callback arguments (CONST_PTR_TO_DYNPTR); slots ignore it */
	__mark_reg_known_zero(reg);
	reg->type = CONST_PTR_TO_DYNPTR;
	reg->id = (u32)dynptr_id; /* slices remember which dynptr they came from */
	reg->dynptr.type = type;
	reg->dynptr.first_slot = first_slot;
}

int mark_stack_slots_dynptr(struct bpf_verifier_env *env, struct bpf_reg_state *reg, u32 arg_type,
			    int insn_idx, int clone_ref_obj_id)
{
	struct bpf_func_state *state = func(env, reg);
	enum bpf_dynptr_type type;
	int spi, i, err, id;

	spi = dynptr_get_spi(env, reg);
	if (spi < 0)
		return spi;
	/* spi and spi - 1 may belong to two different dynptrs: destroy both */
	err = destroy_if_dynptr_stack_slot(env, state, spi);
	if (err)
		return err;
	err = destroy_if_dynptr_stack_slot(env, state, spi - 1);
	if (err)
		return err;
	for (i = 0; i < BPF_REG_SIZE; i++) {
		state->stack[spi].slot_type[i] = STACK_DYNPTR;
		state->stack[spi - 1].slot_type[i] = STACK_DYNPTR;
	}
	type = arg_to_dynptr_type(arg_type);
	if (type == BPF_DYNPTR_TYPE_INVALID)
		return -EINVAL;
	id = (int)++env->id_gen;
	mark_dynptr_reg(&state->stack[spi].spilled_ptr, type, true, id);
	mark_dynptr_reg(&state->stack[spi - 1].spilled_ptr, type, false, id);
	if (dynptr_type_refcounted(type)) {
		/* the id is what the release must name */
		id = clone_ref_obj_id ? clone_ref_obj_id : acquire_reference(env, insn_idx);
		if (id < 0)
			return id;
		state->stack[spi].spilled_ptr.ref_obj_id = (u32)id;
		state->stack[spi - 1].spilled_ptr.ref_obj_id = (u32)id;
	}
	bpf_mark_stack_write(env, state->frameno, BIT(spi - 1) | BIT(spi));
	return 0;
}

static void invalidate_dynptr(struct bpf_verifier_env *env, struct bpf_func_state *state, int spi)
{
	for (int i = 0; i < BPF_REG_SIZE; i++) {
		state->stack[spi].slot_type[i] = STACK_INVALID;
		state->stack[spi - 1].slot_type[i] = STACK_INVALID;
	}
	__mark_reg_not_init(env, &state->stack[spi].spilled_ptr);
	__mark_reg_not_init(env, &state->stack[spi - 1].spilled_ptr);
	bpf_mark_stack_write(env, state->frameno, BIT(spi - 1) | BIT(spi));
}

int unmark_stack_slots_dynptr(struct bpf_verifier_env *env, struct bpf_reg_state *reg)
{
	struct bpf_func_state *state = func(env, reg);
	int spi, i;
	u32 ref_obj_id;

	spi = dynptr_get_spi(env, reg);
	if (spi < 0)
		return spi;
	if (!dynptr_type_refcounted(state->stack[spi].spilled_ptr.dynptr.type)) {
		invalidate_dynptr(env, state, spi);
		return 0;
	}
	ref_obj_id = state->stack[spi].spilled_ptr.ref_obj_id;
	/* releasing the reference invalidates the slices taken from the dynptr ... */
	release_reference(env, (int)ref_obj_id);
	/* ... and every clone shares the reference */
	for (i = 1; i < state->allocated_stack / BPF_REG_SIZE; i++) {
		if (state->stack[i].spilled_ptr.ref_obj_id != ref_obj_id)
			continue;
		if (state->stack[i].slot_type[0] != STACK_DYNPTR) {
			verifier_bug(env, "misconfigured ref_obj_id");
			return -EFAULT;
		}
		if (state->stack[i].spilled_ptr.dynptr.first_slot)
			invalidate_dynptr(env, state, i);
	}
	return 0;
}

/* Overwriting part of an unreferenced dynptr destroys it and the slices taken from it. */
int destroy_if_dynptr_stack_slot(struct bpf_verifier_env *env, struct bpf_func_state *state,
				 int spi)
{
	struct bpf_func_state *fstate;
	struct bpf_reg_state *dreg;
	u32 dynptr_id;

	/* STACK_DYNPTR is never set on part of a slot: byte 0 tells */
	if (state->stack[spi].slot_type[0] != STACK_DYNPTR)
		return 0;
	if (!state->stack[spi].spilled_ptr.dynptr.first_slot)
		spi = spi + 1;
	if (dynptr_type_refcounted(state->stack[spi].spilled_ptr.dynptr.type)) {
		verbose(env, "cannot overwrite referenced dynptr\n");
		return -EINVAL;
	}
	mark_stack_slot_scratched(env, (u32)spi);
	mark_stack_slot_scratched(env, (u32)spi - 1);
	for (int i = 0; i < BPF_REG_SIZE; i++) {
		state->stack[spi].slot_type[i] = STACK_INVALID;
		state->stack[spi - 1].slot_type[i] = STACK_INVALID;
	}
	dynptr_id = state->stack[spi].spilled_ptr.id;
	bpf_for_each_reg_in_vstate(env->cur_state, fstate, dreg, ({
					   /* slices are PTR_TO_MEM, possibly maybe-null */
					   if (dreg->type != (PTR_TO_MEM | PTR_MAYBE_NULL) &&
					       dreg->type != PTR_TO_MEM)
						   continue;
					   if (dreg->dynptr_id == dynptr_id)
						   mark_reg_invalid(env, dreg);
				   }))
		;
	__mark_reg_not_init(env, &state->stack[spi].spilled_ptr);
	__mark_reg_not_init(env, &state->stack[spi - 1].spilled_ptr);
	bpf_mark_stack_write(env, state->frameno, BIT(spi - 1) | BIT(spi));
	return 0;
}

bool is_dynptr_reg_valid_uninit(struct bpf_verifier_env *env, struct bpf_reg_state *reg)
{
	int spi;

	if (reg->type == CONST_PTR_TO_DYNPTR)
		return false;
	spi = dynptr_get_spi(env, reg);
	/* -ERANGE: the stack grows when check_mem_access() runs on the argument later */
	return spi >= 0 || spi == -ERANGE;
}

bool is_dynptr_reg_valid_init(struct bpf_verifier_env *env, struct bpf_reg_state *reg)
{
	struct bpf_func_state *state = func(env, reg);
	int spi;

	if (reg->type == CONST_PTR_TO_DYNPTR)
		return true;
	spi = dynptr_get_spi(env, reg);
	if (spi < 0)
		return false;
	if (!state->stack[spi].spilled_ptr.dynptr.first_slot)
		return false;
	for (int i = 0; i < BPF_REG_SIZE; i++) {
		if (state->stack[spi].slot_type[i] != STACK_DYNPTR ||
		    state->stack[spi - 1].slot_type[i] != STACK_DYNPTR)
			return false;
	}
	return true;
}

bool is_dynptr_type_expected(struct bpf_verifier_env *env, struct bpf_reg_state *reg, u32 arg_type)
{
	enum bpf_dynptr_type dynptr_type;
	int spi;

	/* a plain ARG_PTR_TO_DYNPTR takes any kind */
	if (arg_type == ARG_PTR_TO_DYNPTR)
		return true;
	dynptr_type = arg_to_dynptr_type(arg_type);
	if (reg->type == CONST_PTR_TO_DYNPTR)
		return reg->dynptr.type == dynptr_type;
	spi = dynptr_get_spi(env, reg);
	if (spi < 0)
		return false;
	return func(env, reg)->stack[spi].spilled_ptr.dynptr.type == dynptr_type;
}

int mark_stack_slots_iter(struct bpf_verifier_env *env, bool rcu_protected,
			  struct bpf_reg_state *reg, int insn_idx, const struct hive_btf *btf,
			  u32 btf_id, int nr_slots)
{
	struct bpf_func_state *state = func(env, reg);
	int spi, i, j, id;

	spi = iter_get_spi(env, reg, nr_slots);
	if (spi < 0)
		return spi;
	id = acquire_reference(env, insn_idx);
	if (id < 0)
		return id;
	for (i = 0; i < nr_slots; i++) {
		struct bpf_stack_state *slot = &state->stack[spi - i];
		struct bpf_reg_state *st = &slot->spilled_ptr;

		__mark_reg_known_zero(st);
		st->type = PTR_TO_STACK; /* iterators have no register type of their own */
		if (rcu_protected)
			st->type |= in_rcu_cs(env) ? MEM_RCU : PTR_UNTRUSTED;
		st->ref_obj_id = i == 0 ? (u32)id : 0;
		st->iter.btf = btf;
		st->iter.btf_id = btf_id;
		st->iter.state = BPF_ITER_STATE_ACTIVE;
		st->iter.depth = 0;
		for (j = 0; j < BPF_REG_SIZE; j++)
			slot->slot_type[j] = STACK_ITER;
		bpf_mark_stack_write(env, state->frameno, BIT(spi - i));
		mark_stack_slot_scratched(env, (u32)(spi - i));
	}
	return 0;
}

int unmark_stack_slots_iter(struct bpf_verifier_env *env, struct bpf_reg_state *reg, int nr_slots)
{
	struct bpf_func_state *state = func(env, reg);
	int spi, i, j;

	spi = iter_get_spi(env, reg, nr_slots);
	if (spi < 0)
		return spi;
	for (i = 0; i < nr_slots; i++) {
		struct bpf_stack_state *slot = &state->stack[spi - i];
		struct bpf_reg_state *st = &slot->spilled_ptr;

		if (i == 0)
			release_reference(env, (int)st->ref_obj_id);
		__mark_reg_not_init(env, st);
		for (j = 0; j < BPF_REG_SIZE; j++)
			slot->slot_type[j] = STACK_INVALID;
		bpf_mark_stack_write(env, state->frameno, BIT(spi - i));
		mark_stack_slot_scratched(env, (u32)(spi - i));
	}
	return 0;
}

bool is_iter_reg_valid_uninit(struct bpf_verifier_env *env, struct bpf_reg_state *reg, int nr_slots)
{
	struct bpf_func_state *state = func(env, reg);
	int spi, i, j;

	spi = iter_get_spi(env, reg, nr_slots);
	if (spi == -ERANGE)
		return true;
	if (spi < 0)
		return false;
	for (i = 0; i < nr_slots; i++)
		for (j = 0; j < BPF_REG_SIZE; j++)
			if (state->stack[spi - i].slot_type[j] == STACK_ITER)
				return false;
	return true;
}

int is_iter_reg_valid_init(struct bpf_verifier_env *env, struct bpf_reg_state *reg,
			   const struct hive_btf *btf, u32 btf_id, int nr_slots)
{
	struct bpf_func_state *state = func(env, reg);
	int spi, i, j;

	spi = iter_get_spi(env, reg, nr_slots);
	if (spi < 0)
		return -EINVAL;
	for (i = 0; i < nr_slots; i++) {
		struct bpf_stack_state *slot = &state->stack[spi - i];
		struct bpf_reg_state *st = &slot->spilled_ptr;

		if (st->type & PTR_UNTRUSTED)
			return -EPROTO;
		/* only the first slot holds the reference */
		if ((i == 0) != (st->ref_obj_id != 0))
			return -EINVAL;
		if (st->iter.btf != btf || st->iter.btf_id != btf_id)
			return -EINVAL;
		for (j = 0; j < BPF_REG_SIZE; j++)
			if (slot->slot_type[j] != STACK_ITER)
				return -EINVAL;
	}
	return 0;
}

int mark_stack_slot_irq_flag(struct bpf_verifier_env *env, struct bpf_reg_state *reg, int insn_idx,
			     int kfunc_class)
{
	struct bpf_func_state *state = func(env, reg);
	struct bpf_stack_state *slot;
	struct bpf_reg_state *st;
	int spi, id;

	spi = irq_flag_get_spi(env, reg);
	if (spi < 0)
		return spi;
	id = acquire_irq_state(env, insn_idx);
	if (id < 0)
		return id;
	slot = &state->stack[spi];
	st = &slot->spilled_ptr;
	bpf_mark_stack_write(env, reg->frameno, BIT(spi));
	__mark_reg_known_zero(st);
	st->type = PTR_TO_STACK;
	st->ref_obj_id = (u32)id;
	st->irq.kfunc_class = kfunc_class;
	for (int i = 0; i < BPF_REG_SIZE; i++)
		slot->slot_type[i] = STACK_IRQ_FLAG;
	mark_stack_slot_scratched(env, (u32)spi);
	return 0;
}

int unmark_stack_slot_irq_flag(struct bpf_verifier_env *env, struct bpf_reg_state *reg,
			       int kfunc_class)
{
	struct bpf_func_state *state = func(env, reg);
	struct bpf_verifier_state *vst = env->cur_state;
	struct bpf_stack_state *slot;
	struct bpf_reg_state *st;
	int spi, err;

	spi = irq_flag_get_spi(env, reg);
	if (spi < 0)
		return spi;
	slot = &state->stack[spi];
	st = &slot->spilled_ptr;
	if (st->irq.kfunc_class != kfunc_class) {
		verbose(env, "irq flag acquired by %s kfuncs cannot be restored with %s kfuncs\n",
			st->irq.kfunc_class == IRQ_NATIVE_KFUNC ? "native" : "lock",
			kfunc_class == IRQ_NATIVE_KFUNC ? "native" : "lock");
		return -EINVAL;
	}
	err = release_irq_state(vst, (int)st->ref_obj_id);
	if (err) {
		int insn_idx = 0;

		for (u32 i = 0; i < vst->acquired_refs; i++) {
			if (vst->refs[i].id == (int)vst->active_irq_id) {
				insn_idx = vst->refs[i].insn_idx;
				break;
			}
		}
		verbose(env,
			"cannot restore irq state out of order, expected id=%d acquired at "
			"insn_idx=%d\n",
			vst->active_irq_id, insn_idx);
		return err;
	}
	__mark_reg_not_init(env, st);
	bpf_mark_stack_write(env, reg->frameno, BIT(spi));
	for (int i = 0; i < BPF_REG_SIZE; i++)
		slot->slot_type[i] = STACK_INVALID;
	mark_stack_slot_scratched(env, (u32)spi);
	return 0;
}

bool is_irq_flag_reg_valid_uninit(struct bpf_verifier_env *env, struct bpf_reg_state *reg)
{
	struct bpf_func_state *state = func(env, reg);
	int spi = irq_flag_get_spi(env, reg);

	if (spi == -ERANGE)
		return true;
	if (spi < 0)
		return false;
	for (int i = 0; i < BPF_REG_SIZE; i++)
		if (state->stack[spi].slot_type[i] == STACK_IRQ_FLAG)
			return false;
	return true;
}

int is_irq_flag_reg_valid_init(struct bpf_verifier_env *env, struct bpf_reg_state *reg)
{
	struct bpf_func_state *state = func(env, reg);
	int spi = irq_flag_get_spi(env, reg);

	if (spi < 0)
		return -EINVAL;
	if (!state->stack[spi].spilled_ptr.ref_obj_id)
		return -EINVAL;
	for (int i = 0; i < BPF_REG_SIZE; i++)
		if (state->stack[spi].slot_type[i] != STACK_IRQ_FLAG)
			return -EINVAL;
	return 0;
}

static int mark_stack_slot_obj_read(struct bpf_verifier_env *env, struct bpf_reg_state *reg,
				    int spi, int nr_slots)
{
	for (int i = 0; i < nr_slots; i++) {
		int err = bpf_mark_stack_read(env, reg->frameno, env->insn_idx, BIT(spi - i));

		if (err)
			return err;
		mark_stack_slot_scratched(env, (u32)(spi - i));
	}
	return 0;
}

int mark_dynptr_read(struct bpf_verifier_env *env, struct bpf_reg_state *reg)
{
	int spi;

	/* a CONST_PTR_TO_DYNPTR argument was read as a register already */
	if (reg->type == CONST_PTR_TO_DYNPTR)
		return 0;
	spi = dynptr_get_spi(env, reg);
	if (spi < 0)
		return spi;
	return mark_stack_slot_obj_read(env, reg, spi, BPF_DYNPTR_NR_SLOTS);
}

int mark_iter_read(struct bpf_verifier_env *env, struct bpf_reg_state *reg, int spi, int nr_slots)
{
	return mark_stack_slot_obj_read(env, reg, spi, nr_slots);
}

int mark_irq_flag_read(struct bpf_verifier_env *env, struct bpf_reg_state *reg)
{
	int spi = irq_flag_get_spi(env, reg);

	if (spi < 0)
		return spi;
	return mark_stack_slot_obj_read(env, reg, spi, 1);
}

/* ---- writes ---- */

static void save_register_state(struct bpf_func_state *state, int spi, struct bpf_reg_state *reg,
				int size)
{
	int i;

	state->stack[spi].spilled_ptr = *reg;
	for (i = BPF_REG_SIZE; i > BPF_REG_SIZE - size; i--)
		state->stack[spi].slot_type[i - 1] = STACK_SPILL;
	/* the bytes of the slot a narrow spill leaves alone */
	for (; i; i--)
		mark_stack_slot_misc(&state->stack[spi].slot_type[i - 1]);
}

static bool is_bpf_st_mem(const struct hive_insn *insn)
{
	return BPF_CLASS(insn->code) == BPF_ST && BPF_MODE(insn->code) == BPF_MEM;
}

/*
 * The bpf_fastcall contract: the stack below fastcall_stack_off belongs to the spill/fill
 * pairs around fastcall calls; any other access there disables the rewrite for the
 * subprogram.
 */
static void check_fastcall_stack_contract(struct bpf_verifier_env *env,
					  struct bpf_func_state *state, int insn_idx, int off)
{
	struct bpf_subprog_info *subprog = &env->subprog_info[state->subprogno];
	struct bpf_insn_aux_data *aux = env->insn_aux_data;

	if (subprog->fastcall_stack_off <= off || aux[insn_idx].fastcall_pattern)
		return;
	subprog->fastcall_stack_off = S16_MIN;
	for (u32 i = subprog->start; i < (subprog + 1)->start; ++i) {
		aux[i].fastcall_spills_num = 0;
		aux[i].fastcall_pattern = 0;
	}
}

/* A write that is not a register spill: data bytes, STACK_ZERO when a known zero is written. */
static int write_stack_data(struct bpf_verifier_env *env, struct bpf_func_state *state, int slot,
			    int size, int value_regno, struct bpf_reg_state *reg,
			    const struct hive_insn *insn)
{
	int spi = slot / BPF_REG_SIZE, i, err;
	u8 type = STACK_MISC;

	state->stack[spi].spilled_ptr.type = NOT_INIT;
	if (is_stack_slot_special(&state->stack[spi]))
		for (i = 0; i < BPF_REG_SIZE; i++)
			scrub_spilled_slot(&state->stack[spi].slot_type[i]);
	if ((reg && register_is_null(reg)) || (!reg && is_bpf_st_mem(insn) && insn->imm == 0)) {
		/* not a spill (misaligned): the zero must stay exact for STACK_ZERO to hold */
		err = mark_chain_precision(env, value_regno);
		if (err)
			return err;
		type = STACK_ZERO;
	}
	for (i = 0; i < size; i++)
		state->stack[spi].slot_type[(slot - i) % BPF_REG_SIZE] = type;
	return 0;
}

static int check_stack_write_fixed_off(struct bpf_verifier_env *env, struct bpf_func_state *state,
				       int off, int size, int value_regno, int insn_idx)
{
	struct bpf_func_state *cur = cur_func(env);
	int slot = -off - 1, spi = slot / BPF_REG_SIZE, err;
	const struct hive_insn *insn = &env->insns[insn_idx];
	struct bpf_reg_state *reg = value_regno >= 0 ? &cur->regs[value_regno] : NULL;
	int insn_flags = insn_stack_access_flags((int)state->frameno, spi);

	err = destroy_if_dynptr_stack_slot(env, state, spi);
	if (err)
		return err;
	/* only a full 8-byte write kills the slot for liveness */
	if (!(off % BPF_REG_SIZE) && size == BPF_REG_SIZE)
		bpf_mark_stack_write(env, state->frameno, BIT(spi));
	check_fastcall_stack_contract(env, state, insn_idx, off);
	mark_stack_slot_scratched(env, (u32)spi);
	if (reg && !(off % BPF_REG_SIZE) && reg->type == SCALAR_VALUE && env->bpf_capable) {
		bool reg_value_fits = get_reg_width(reg) <= 8 * size;

		/* the spill keeps the scalar's id so that bounds learnt later propagate */
		if (reg_value_fits)
			assign_scalar_id_before_mov(env, reg);
		save_register_state(state, spi, reg, size);
		if (!reg_value_fits)
			state->stack[spi].spilled_ptr.id = 0;
	} else if (!reg && !(off % BPF_REG_SIZE) && is_bpf_st_mem(insn) && env->bpf_capable) {
		struct bpf_reg_state *tmp_reg = &env->fake_reg[0];

		memset(tmp_reg, 0, sizeof(*tmp_reg));
		reg_mark_known(tmp_reg, (u64)(s64)insn->imm);
		tmp_reg->type = SCALAR_VALUE;
		save_register_state(state, spi, tmp_reg, size);
	} else if (reg && is_spillable_regtype(reg->type)) {
		if (size != BPF_REG_SIZE) {
			verbose_linfo(env, (u32)insn_idx, "; ");
			verbose(env, "invalid size of register spill\n");
			return -EACCES;
		}
		if (state != cur && reg->type == PTR_TO_STACK) {
			verbose(env,
				"cannot spill pointers to stack into stack frame of the caller\n");
			return -EINVAL;
		}
		save_register_state(state, spi, reg, size);
	} else {
		err = write_stack_data(env, state, slot, size, value_regno, reg, insn);
		if (err)
			return err;
		insn_flags = 0; /* not a register spill */
	}
	if (insn_flags)
		return push_jmp_history(env, env->cur_state, insn_flags, 0);
	return 0;
}

/*
 * A write through a variable offset may hit any slot in range: every slot becomes MISC
 * (spilled registers are forgotten), except that a zero written over STACK_ZERO or over a
 * spilled constant zero keeps it.
 */
static int check_stack_write_var_off(struct bpf_verifier_env *env, struct bpf_func_state *state,
				     int ptr_regno, int off, int size, int value_regno,
				     int insn_idx)
{
	struct bpf_func_state *cur = cur_func(env);
	struct bpf_reg_state *ptr_reg = &cur->regs[ptr_regno];
	struct bpf_reg_state *value_reg = value_regno >= 0 ? &cur->regs[value_regno] : NULL;
	const struct hive_insn *insn = &env->insns[insn_idx];
	int min_off = (int)ptr_reg->smin_value + off;
	int max_off = (int)ptr_reg->smax_value + off + size;
	bool writing_zero, zero_used = false;
	int i, err;

	writing_zero = (value_reg && register_is_null(value_reg)) ||
		       (!value_reg && is_bpf_st_mem(insn) && insn->imm == 0);
	for (i = min_off; i < max_off; i++) {
		err = destroy_if_dynptr_stack_slot(env, state, __get_spi(i));
		if (err)
			return err;
	}
	check_fastcall_stack_contract(env, state, insn_idx, min_off);
	for (i = min_off; i < max_off; i++) {
		int slot = -i - 1, spi = slot / BPF_REG_SIZE;
		u8 new_type, *stype = &state->stack[spi].slot_type[slot % BPF_REG_SIZE];

		mark_stack_slot_scratched(env, (u32)spi);
		if (writing_zero && *stype == STACK_SPILL &&
		    is_spilled_scalar_reg(&state->stack[spi])) {
			struct bpf_reg_state *spill_reg = &state->stack[spi].spilled_ptr;

			if (tnum_is_const(spill_reg->var_off) && spill_reg->var_off.value == 0) {
				zero_used = true;
				continue;
			}
		}
		/* scrub a spilled pointer/dynptr/iter the write goes over (6.18 stable fix) */
		state->stack[spi].spilled_ptr.type = NOT_INIT;
		if (is_stack_slot_special(&state->stack[spi]))
			for (int j = 0; j < BPF_REG_SIZE; j++)
				scrub_spilled_slot(&state->stack[spi].slot_type[j]);
		new_type = STACK_MISC;
		if (writing_zero && *stype == STACK_ZERO) {
			new_type = STACK_ZERO;
			zero_used = true;
		}
		*stype = new_type;
	}
	/* backtracking cannot follow STACK_ZERO: the written zero must be exact */
	if (zero_used)
		return mark_chain_precision(env, value_regno);
	return 0;
}

int check_stack_write(struct bpf_verifier_env *env, int ptr_regno, int off, int size,
		      int value_regno, int insn_idx)
{
	struct bpf_reg_state *reg = reg_state(env, ptr_regno);
	struct bpf_func_state *state = func(env, reg);

	if (tnum_is_const(reg->var_off))
		return check_stack_write_fixed_off(env, state, off + (int)reg->var_off.value, size,
						   value_regno, insn_idx);
	return check_stack_write_var_off(env, state, ptr_regno, off, size, value_regno, insn_idx);
}

/* ---- reads ---- */

/* Data (not a spill) read into @dst_regno: a known zero if every byte is STACK_ZERO. */
static void mark_reg_stack_read(struct bpf_verifier_env *env, struct bpf_func_state *ptr_state,
				int min_off, int max_off, int dst_regno)
{
	struct bpf_func_state *state = cur_func(env);
	int i, zeros = 0;

	for (i = min_off; i < max_off; i++) {
		int slot = -i - 1, spi = slot / BPF_REG_SIZE;

		mark_stack_slot_scratched(env, (u32)spi);
		if (ptr_state->stack[spi].slot_type[slot % BPF_REG_SIZE] != STACK_ZERO)
			break;
		zeros++;
	}
	if (zeros == max_off - min_off)
		__mark_reg_const_zero(env, &state->regs[dst_regno]);
	else
		mark_reg_unknown(env, state->regs, (u32)dst_regno);
}

static int check_stack_bytes_readable(struct bpf_verifier_env *env, const u8 *stype, int slot,
				      int off, int size, bool allow_spill, int *spill_cnt,
				      int *zero_cnt)
{
	for (int i = 0; i < size; i++) {
		u8 type = stype[(slot - i) % BPF_REG_SIZE];

		if (type == STACK_SPILL && allow_spill) {
			(*spill_cnt)++;
			continue;
		}
		if (type == STACK_MISC)
			continue;
		if (type == STACK_ZERO) {
			(*zero_cnt)++;
			continue;
		}
		if (type == STACK_INVALID && env->allow_uninit_stack)
			continue;
		verbose(env, "invalid read from stack off %d+%d size %d\n", off, i, size);
		return -EACCES;
	}
	return 0;
}

/* A read of less than the spilled register, or from a narrow spill. */
static int fill_partial(struct bpf_verifier_env *env, struct bpf_func_state *reg_state, int off,
			int size, int dst_regno, int spill_size, int *insn_flags)
{
	struct bpf_func_state *state = cur_func(env);
	int slot = -off - 1, spi = slot / BPF_REG_SIZE;
	struct bpf_reg_state *reg = &reg_state->stack[spi].spilled_ptr;
	const u8 *stype = reg_state->stack[spi].slot_type;
	int spill_cnt = 0, zero_cnt = 0, err;

	if (reg->type != SCALAR_VALUE) {
		verbose_linfo(env, env->insn_idx, "; ");
		verbose(env, "invalid size of register fill\n");
		return -EACCES;
	}
	if (dst_regno < 0)
		return 0;
	/* little endian: the low bytes of the spill are at the slot's start */
	if (size <= spill_size && !(off % BPF_REG_SIZE)) {
		s32 subreg_def = state->regs[dst_regno].subreg_def;

		state->regs[dst_regno] = *reg;
		state->regs[dst_regno].subreg_def = subreg_def;
		/* a narrowing fill breaks the link; the caller's coercion adjusts bounds */
		if (get_reg_width(reg) > size * 8)
			state->regs[dst_regno].id = 0;
		return 0;
	}
	err = check_stack_bytes_readable(env, stype, slot, off, size, true, &spill_cnt, &zero_cnt);
	if (err)
		return err;
	if (spill_cnt == size && tnum_is_const(reg->var_off) && reg->var_off.value == 0) {
		__mark_reg_const_zero(env, &state->regs[dst_regno]);
	} else if (zero_cnt == size) {
		__mark_reg_const_zero(env, &state->regs[dst_regno]);
		*insn_flags = 0; /* not restoring the spilled register */
	} else {
		mark_reg_unknown(env, state->regs, (u32)dst_regno);
		*insn_flags = 0;
	}
	return 0;
}

static int check_stack_read_fixed_off(struct bpf_verifier_env *env,
				      struct bpf_func_state *reg_state, int off, int size,
				      int dst_regno)
{
	struct bpf_func_state *state = cur_func(env);
	int slot = -off - 1, spi = slot / BPF_REG_SIZE;
	struct bpf_reg_state *reg = &reg_state->stack[spi].spilled_ptr;
	const u8 *stype = reg_state->stack[spi].slot_type;
	int insn_flags = insn_stack_access_flags((int)reg_state->frameno, spi);
	int err, spill_cnt = 0, zero_cnt = 0;

	mark_stack_slot_scratched(env, (u32)spi);
	check_fastcall_stack_contract(env, state, (int)env->insn_idx, off);
	err = bpf_mark_stack_read(env, reg_state->frameno, env->insn_idx, BIT(spi));
	if (err)
		return err;
	if (is_spilled_reg(&reg_state->stack[spi])) {
		int spill_size = 1;

		for (int i = BPF_REG_SIZE - 1; i > 0 && stype[i - 1] == STACK_SPILL; i--)
			spill_size++;
		if (size != BPF_REG_SIZE || spill_size != BPF_REG_SIZE) {
			err = fill_partial(env, reg_state, off, size, dst_regno, spill_size,
					   &insn_flags);
			if (err || dst_regno < 0)
				return err;
		} else if (dst_regno >= 0) {
			/* restore the spilled register */
			state->regs[dst_regno] = *reg;
		} else if (__is_pointer_value(env->allow_ptr_leaks, reg)) {
			verbose(env, "leaking pointer from stack off %d\n", off);
			return -EACCES;
		}
	} else {
		err = check_stack_bytes_readable(env, stype, slot, off, size, false, &spill_cnt,
						 &zero_cnt);
		if (err)
			return err;
		if (dst_regno >= 0)
			mark_reg_stack_read(env, reg_state, off, off + size, dst_regno);
		insn_flags = 0; /* not a fill */
	}
	if (insn_flags)
		return push_jmp_history(env, env->cur_state, insn_flags, 0);
	return 0;
}

/* A variable-offset read: every byte must be initialised; the result is data, never a fill. */
static int check_stack_read_var_off(struct bpf_verifier_env *env, int ptr_regno, int off, int size,
				    int dst_regno)
{
	struct bpf_reg_state *reg = reg_state(env, ptr_regno);
	struct bpf_func_state *ptr_state = func(env, reg);
	int err, min_off, max_off;

	err = check_stack_range_initialized(env, ptr_regno, off, size, false, BPF_READ, NULL);
	if (err)
		return err;
	min_off = (int)reg->smin_value + off;
	max_off = (int)reg->smax_value + off;
	mark_reg_stack_read(env, ptr_state, min_off, max_off + size, dst_regno);
	check_fastcall_stack_contract(env, ptr_state, (int)env->insn_idx, min_off);
	return 0;
}

int check_stack_read(struct bpf_verifier_env *env, int ptr_regno, int off, int size, int dst_regno)
{
	struct bpf_reg_state *reg = reg_state(env, ptr_regno);
	struct bpf_func_state *state = func(env, reg);
	bool var_off = !tnum_is_const(reg->var_off);

	/* a read not going into a register (atomics) could leak a spilled pointer */
	if (dst_regno < 0 && var_off) {
		char tn_buf[48];

		tnum_strn(tn_buf, sizeof(tn_buf), reg->var_off);
		verbose(env,
			"variable offset stack pointer cannot be passed into helper function; "
			"var_off=%s off=%d size=%d\n",
			tn_buf, off, size);
		return -EACCES;
	}
	if (!var_off)
		return check_stack_read_fixed_off(env, state, off + (int)reg->var_off.value, size,
						  dst_regno);
	return check_stack_read_var_off(env, ptr_regno, off, size, dst_regno);
}

/* ---- bounds ---- */

static int check_stack_slot_within_bounds(struct bpf_verifier_env *env, s64 off,
					  struct bpf_func_state *state, enum bpf_access_type t)
{
	int min_valid_off;

	if (t == BPF_WRITE || env->allow_uninit_stack)
		min_valid_off = -MAX_BPF_STACK;
	else
		min_valid_off = -state->allocated_stack;
	if (off < min_valid_off || off > -1)
		return -EACCES;
	return 0;
}

/* [reg + off, reg + off + access_size) within the 512-byte stack; grows the frame's stack. */
int check_stack_access_within_bounds(struct bpf_verifier_env *env, int regno, int off,
				     int access_size, int type)
{
	struct bpf_reg_state *reg = cur_regs(env) + regno;
	struct bpf_func_state *state = func(env, reg);
	const char *err_extra = type == BPF_READ ? " read from" : " write to";
	s64 min_off, max_off;
	int err;

	if (tnum_is_const(reg->var_off)) {
		min_off = (s64)reg->var_off.value + off;
		max_off = min_off + access_size;
	} else {
		if (reg->smax_value >= BPF_MAX_VAR_OFF || reg->smin_value <= -BPF_MAX_VAR_OFF) {
			verbose(env, "invalid unbounded variable-offset%s stack R%d\n", err_extra,
				regno);
			return -EACCES;
		}
		min_off = reg->smin_value + off;
		max_off = reg->smax_value + off + access_size;
	}
	err = check_stack_slot_within_bounds(env, min_off, state, (enum bpf_access_type)type);
	if (!err && max_off > 0)
		err = -EINVAL;
	if (!err && access_size < 0)
		err = -EFAULT;
	if (err) {
		if (tnum_is_const(reg->var_off)) {
			verbose(env, "invalid%s stack R%d off=%d size=%d\n", err_extra, regno, off,
				access_size);
		} else {
			char tn_buf[48];

			tnum_strn(tn_buf, sizeof(tn_buf), reg->var_off);
			verbose(env,
				"invalid variable-offset%s stack R%d var_off=%s off=%d size=%d\n",
				err_extra, regno, tn_buf, off, access_size);
		}
		return err;
	}
	/* no access at offset 0: -min_off bytes are needed */
	return grow_stack_state(env, state, (int)-min_off);
}

/* A helper's uninitialised output buffer: only dynptr slots are off limits. */
static int stack_raw_mode(struct bpf_verifier_env *env, struct bpf_func_state *state, int regno,
			  int min_off, int max_off, int access_size, struct bpf_call_arg_meta *meta)
{
	for (int i = min_off; i < max_off + access_size; i++) {
		int stack_off = -i - 1, spi = __get_spi(i);

		if (state->allocated_stack <= stack_off)
			continue;
		if (state->stack[spi].slot_type[stack_off % BPF_REG_SIZE] == STACK_DYNPTR) {
			verbose(env, "potential write to dynptr at off=%d disallowed\n", i);
			return -EACCES;
		}
	}
	meta->access_size = access_size;
	meta->regno = regno;
	return 0;
}

/*
 * Memory passed to a helper or kfunc on the stack: within bounds and initialised (writes
 * by the callee turn the bytes into MISC). Spilled registers in range count as read.
 */
int check_stack_range_initialized(struct bpf_verifier_env *env, int regno, int off, int access_size,
				  bool zero_size_allowed, int type, struct bpf_call_arg_meta *meta)
{
	struct bpf_reg_state *reg = reg_state(env, regno);
	struct bpf_func_state *state = func(env, reg);
	bool clobber = type == BPF_WRITE;
	int err, min_off, max_off, i;

	if (access_size == 0 && !zero_size_allowed) {
		verbose(env, "invalid zero-sized read\n");
		return -EACCES;
	}
	err = check_stack_access_within_bounds(env, regno, off, access_size, type);
	if (err)
		return err;
	if (tnum_is_const(reg->var_off)) {
		min_off = max_off = (int)reg->var_off.value + off;
	} else {
		/* an uninitialised buffer at an unknown offset cannot be marked written */
		if (meta && meta->raw_mode)
			meta = NULL;
		min_off = (int)reg->smin_value + off;
		max_off = (int)reg->smax_value + off;
	}
	if (meta && meta->raw_mode)
		return stack_raw_mode(env, state, regno, min_off, max_off, access_size, meta);
	for (i = min_off; i < max_off + access_size; i++) {
		int slot = -i - 1, spi = slot / BPF_REG_SIZE;
		u8 *stype;

		if (state->allocated_stack <= slot) {
			verbose(env, "allocated_stack too small\n");
			return -EFAULT;
		}
		stype = &state->stack[spi].slot_type[slot % BPF_REG_SIZE];
		if (*stype == STACK_MISC)
			goto mark;
		if (*stype == STACK_ZERO || (*stype == STACK_INVALID && env->allow_uninit_stack)) {
			if (clobber)
				*stype = STACK_MISC;
			goto mark;
		}
		if (is_spilled_reg(&state->stack[spi]) &&
		    (state->stack[spi].spilled_ptr.type == SCALAR_VALUE || env->allow_ptr_leaks)) {
			if (clobber) {
				__mark_reg_unknown(env, &state->stack[spi].spilled_ptr);
				for (int j = 0; j < BPF_REG_SIZE; j++)
					scrub_spilled_slot(&state->stack[spi].slot_type[j]);
			}
			goto mark;
		}
		if (tnum_is_const(reg->var_off)) {
			verbose(env, "invalid read from stack R%d off %d+%d size %d\n", regno,
				min_off, i - min_off, access_size);
		} else {
			char tn_buf[48];

			tnum_strn(tn_buf, sizeof(tn_buf), reg->var_off);
			verbose(env, "invalid read from stack R%d var_off %s+%d size %d\n", regno,
				tn_buf, i - min_off, access_size);
		}
		return -EACCES;
mark:
		/* any byte read marks its whole slot; a callee write is not a sure kill */
		err = bpf_mark_stack_read(env, reg->frameno, env->insn_idx, BIT(spi));
		if (err)
			return err;
	}
	return 0;
}
