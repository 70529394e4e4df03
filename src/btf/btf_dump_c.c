// SPDX-License-Identifier: BSD-2-Clause
/* btf/btf_dump_c.c: BTF to C (work in progress). */
#include <errno.h>

#include "btf/btf_dump.h"

int btf_dump_c(const struct hive_btf *btf, struct btf_out *out, const struct btf_dump_c_opts *opts)
{
	return -EOPNOTSUPP;
}
