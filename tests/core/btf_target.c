// SPDX-License-Identifier: BSD-2-Clause
/*
 * tests/core/btf_target.c: one target BTF of the CO-RE matrix. Compiled with clang-19 -g
 * -target bpf -DCORE_TARGET=<type> (up to three); the functions only make the types appear in
 * .BTF, which the test passes to the loader as the custom target BTF.
 */
#include "core_reloc_types.h"

void core_target(struct CORE_TARGET *x)
{
}

#ifdef CORE_TARGET2
void core_target2(struct CORE_TARGET2 *x)
{
}
#endif

#ifdef CORE_TARGET3
void core_target3(struct CORE_TARGET3 *x)
{
}
#endif
