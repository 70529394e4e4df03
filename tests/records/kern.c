// SPDX-License-Identifier: BSD-2-Clause
/*
 * tests/records/kern.c: raw bpf() calls for the kernel differential tests (no libbpf: the
 * attributes are exactly the ones we mean to send).
 */
#include <errno.h>
#include <linux/bpf.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "kern.h"

static int sys_bpf(int cmd, union bpf_attr *attr)
{
	int ret = (int)syscall(__NR_bpf, cmd, attr, sizeof(*attr));

	return ret < 0 ? -errno : ret;
}

int kern_btf_load(const void *data, uint32_t size)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.btf = (uint64_t)(unsigned long)data;
	attr.btf_size = size;
	return sys_bpf(BPF_BTF_LOAD, &attr);
}

int kern_map_create(uint32_t map_type, uint32_t key_size, uint32_t value_size, uint32_t max_entries,
		    uint32_t map_flags, int btf_fd, uint32_t key_type_id, uint32_t value_type_id)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.map_type = map_type;
	attr.key_size = key_size;
	attr.value_size = value_size;
	attr.max_entries = max_entries;
	attr.map_flags = map_flags;
	attr.btf_fd = btf_fd;
	attr.btf_key_type_id = key_type_id;
	attr.btf_value_type_id = value_type_id;
	memcpy(attr.map_name, "hive_rec", 9);
	return sys_bpf(BPF_MAP_CREATE, &attr);
}

void kern_close(int fd)
{
	if (fd >= 0)
		close(fd);
}

int kern_available(void)
{
	/* the smallest valid BTF: header, one INT, strings "\0int\0" */
	static const struct {
		uint16_t magic;
		uint8_t version, flags;
		uint32_t hdr_len, type_off, type_len, str_off, str_len;
		uint32_t t[4];
		char strs[6];
	} __attribute__((packed))
	btf = { 0xeB9F, 1, 0, 24, 0, 16, 16, 5, { 1, 1u << 24, 4, 32 }, "\0int" };
	int fd = kern_btf_load(&btf, sizeof(btf) - 1);

	if (fd < 0)
		return 0;
	close(fd);
	return 1;
}
