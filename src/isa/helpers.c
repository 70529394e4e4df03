// SPDX-License-Identifier: BSD-2-Clause
/*
 * isa/helpers.c: helper id <-> name, from the HIVE_HELPER_MAP list of isa/helpers.h.
 */
#include <string.h>

#include "isa/helpers.h"

#define HELPER_NAME(id, name) [id] = "bpf_" #name,
static const char *const helper_names[HIVE_HELPER_MAX_ID] = { HIVE_HELPER_MAP(HELPER_NAME) };
#undef HELPER_NAME

const char *isa_helper_name(int id)
{
	if (id <= 0 || id >= HIVE_HELPER_MAX_ID)
		return NULL;
	return helper_names[id];
}

int isa_helper_id(const char *name)
{
	if (!strncmp(name, "bpf_", 4))
		name += 4;
	for (int id = 1; id < HIVE_HELPER_MAX_ID; id++)
		if (helper_names[id] && !strcmp(helper_names[id] + 4, name))
			return id;
	return -1;
}
