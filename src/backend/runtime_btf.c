// SPDX-License-Identifier: BSD-2-Clause
/*
 * backend/runtime_btf.c: the runtime's own kfunc BTF (placeholder, filled in below).
 */
#include <errno.h>

#include "backend/backend.h"
#include "btf/btf.h"
#include "common/err.h"

struct hive_btf *be_runtime_btf_new(void)
{
	return ERR_PTR(-EOPNOTSUPP);
}
