/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * verifier/vtables.h: the per-program-type tables the verifier consults (helper prototypes,
 * context access rules, kfunc sets, program-type rules), in one include.
 */
#ifndef __HIVE_VERIFIER_VTABLES_H
#define __HIVE_VERIFIER_VTABLES_H

#include "verifier/ctx.h"
#include "verifier/kfuncs.h"
#include "verifier/prog_types.h"
#include "verifier/protos.h"

#endif /* __HIVE_VERIFIER_VTABLES_H */
