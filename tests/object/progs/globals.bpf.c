// SPDX-License-Identifier: BSD-2-Clause
/*
 * globals: every kind of global data section: .data, .bss, .rodata, .data.NAME, .rodata.NAME,
 * static and hidden variables (which make an internal map non-mmapable if they are alone),
 * and string literals (.rodata.str1.1, a section without a DATASEC).
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

int counter = 1;
__u64 big_array[16] = { 1, 2, 3 };
int zeroed;
__u64 zero_array[8];
const volatile int limit = 42;
const volatile char tag[8] = "hive";
int custom_data SEC(".data.custom") = 5;
const volatile __u32 custom_ro SEC(".rodata.custom") = 9;
static int static_counter = 3;
__attribute__((visibility("hidden"))) int hidden_var = 11;
static const char only_static[4] SEC(".rodata.onlystatic") = "abc";

SEC("syscall")
int use_globals(void *ctx)
{
	counter++;
	zeroed += limit + tag[1];
	big_array[3] = zero_array[2] + custom_data + custom_ro;
	static_counter += hidden_var + only_static[1];
	bpf_printk("counter %d", counter);
	return static_counter;
}

SEC("tp/syscalls/sys_enter_getpid")
int use_more(void *ctx)
{
	bpf_printk("limit %d and %s", limit, "another literal");
	return zeroed + big_array[5];
}
