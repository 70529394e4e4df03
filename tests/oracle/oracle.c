// SPDX-License-Identifier: BSD-2-Clause
/*
 * tests/oracle/oracle.c: the kernel oracle over libbpf's low-level API (bpf_prog_load,
 * bpf_prog_test_run_opts). See oracle.h.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <linux/bpf.h>

#include "oracle.h"

_Static_assert((int)ORACLE_PROG_SOCKET_FILTER == (int)BPF_PROG_TYPE_SOCKET_FILTER, "UAPI value");
_Static_assert((int)ORACLE_PROG_SCHED_CLS == (int)BPF_PROG_TYPE_SCHED_CLS, "UAPI value");
_Static_assert((int)ORACLE_PROG_XDP == (int)BPF_PROG_TYPE_XDP, "UAPI value");
_Static_assert((int)ORACLE_PROG_SYSCALL == (int)BPF_PROG_TYPE_SYSCALL, "UAPI value");
_Static_assert(ORACLE_F_SLEEPABLE == BPF_F_SLEEPABLE, "UAPI value");
_Static_assert(sizeof(struct bpf_insn) == 8, "instruction layout");

static pthread_once_t probe_once = PTHREAD_ONCE_INIT;
static bool available;
static char reason[160] = "not probed";

static void probe(void)
{
	const struct bpf_insn prog[] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = 0 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	int fd = bpf_prog_load(BPF_PROG_TYPE_SOCKET_FILTER, "oracle_probe", "GPL", prog, 2, NULL);

	if (fd < 0) {
		snprintf(reason, sizeof(reason), "the kernel refused a trivial BPF program: %s",
			 strerror(-fd));
		return;
	}
	close(fd);
	available = true;
	reason[0] = 0;
}

bool oracle_available(void)
{
	pthread_once(&probe_once, probe);
	return available;
}

const char *oracle_unavailable_reason(void)
{
	pthread_once(&probe_once, probe);
	return reason;
}

int oracle_prog_load(const void *insns, size_t insn_cnt, const struct oracle_load_opts *opts)
{
	LIBBPF_OPTS(bpf_prog_load_opts, lopts, .prog_flags = opts->prog_flags,
		    .expected_attach_type = opts->expected_attach_type);
	const char *name = opts->name ? opts->name : "oracle";
	const char *license = opts->license ? opts->license : "GPL";
	int fd;

	/*
	 * First without a log: a verbose log of a long program overflows any buffer, and the
	 * kernel then fails the load with ENOSPC even though the program is fine. Only a rejected
	 * program is loaded again, with the log, for its reason.
	 */
	fd = bpf_prog_load(opts->prog_type, name, license, insns, insn_cnt, &lopts);
	if (fd >= 0 || !opts->log_buf || !opts->log_size)
		return fd < 0 ? (errno ? -errno : fd) : fd;
	opts->log_buf[0] = 0;
	lopts.log_buf = opts->log_buf;
	lopts.log_size = opts->log_size;
	lopts.log_level = opts->log_level ? opts->log_level : 1;
	fd = bpf_prog_load(opts->prog_type, name, license, insns, insn_cnt, &lopts);
	return fd < 0 ? (errno ? -errno : fd) : fd;
}

int oracle_test_run(int prog_fd, struct oracle_run *run)
{
	LIBBPF_OPTS(bpf_test_run_opts, topts, .data_in = run->data_in,
		    .data_size_in = run->data_size_in, .data_out = run->data_out,
		    .data_size_out = run->data_size_out, .ctx_in = run->ctx_in,
		    .ctx_size_in = run->ctx_size_in, .ctx_out = run->ctx_out,
		    .ctx_size_out = run->ctx_size_out, .repeat = (int)run->repeat);
	int ret = bpf_prog_test_run_opts(prog_fd, &topts);

	if (ret < 0)
		return errno ? -errno : ret;
	run->retval = topts.retval;
	run->duration_ns = topts.duration;
	run->data_size_out = topts.data_size_out;
	run->ctx_size_out = topts.ctx_size_out;
	return 0;
}

void oracle_prog_close(int prog_fd)
{
	if (prog_fd >= 0)
		close(prog_fd);
}
