/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * tests/records/kern.h: the two bpf() commands the record tests ask the running kernel
 * (BPF_BTF_LOAD, BPF_MAP_CREATE), in a translation unit of their own so that <linux/bpf.h>
 * never meets bpfhive's own UAPI enums.
 */
#ifndef __HIVE_TESTS_RECORDS_KERN_H
#define __HIVE_TESTS_RECORDS_KERN_H

#include <stdint.h>

/* 1 if BPF_BTF_LOAD works here, 0 if bpf() is not permitted (the caller prints SKIP). */
int kern_available(void);
/* fd (>= 0) or -errno. */
int kern_btf_load(const void *data, uint32_t size);
int kern_map_create(uint32_t map_type, uint32_t key_size, uint32_t value_size, uint32_t max_entries,
		    uint32_t map_flags, int btf_fd, uint32_t key_type_id, uint32_t value_type_id);
void kern_close(int fd);

#endif
