/* SPDX-License-Identifier: BSD-2-Clause */
/* tests/records/kern_obj.h: see kern_obj.c. */
#ifndef __HIVE_TESTS_RECORDS_KERN_OBJ_H
#define __HIVE_TESTS_RECORDS_KERN_OBJ_H

#include <stddef.h>

/* 0 if the kernel loaded the BTF and created all @nr_maps maps with BTF; -errno otherwise
 * (-EPERM: bpf() not permitted). libbpf's warnings go to @msg. */
int kern_load_object(const char *path, char *msg, size_t msg_sz, int *nr_maps);

#endif
