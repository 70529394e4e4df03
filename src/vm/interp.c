// SPDX-License-Identifier: BSD-2-Clause
/*
 * vm/interp.c: the two interpreters, from one body (vm/interp_body.h): vm_interp_fast() for
 * verified programs, vm_interp_checked() for code nobody verified. Keeping them separate
 * functions means the fast one carries no trace of the checks, not even a predictable branch.
 */
#include <errno.h>
#include <string.h>

#include "common/err.h"
#include "isa/helpers.h"
#include "vm/vm_internal.h"

/* The byte-swap instructions and the LOAD/STORE macros assume a little-endian host. */
_Static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "bpfhive's interpreter needs a "
							  "little-endian host");

#define INTERP_NAME vm_interp_fast
#define INTERP_CHECKED 0
#include "vm/interp_body.h"
#undef INTERP_NAME
#undef INTERP_CHECKED

#define INTERP_NAME vm_interp_checked
#define INTERP_CHECKED 1
#include "vm/interp_body.h"
#undef INTERP_NAME
#undef INTERP_CHECKED
