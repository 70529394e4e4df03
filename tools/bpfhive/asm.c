// SPDX-License-Identifier: BSD-2-Clause
/*
 * tools/bpfhive/asm.c: the raw-bytecode commands.
 *
 *   bpfhive asm FILE.s [-o OUT] [--no-validate]   assemble (conformance-suite syntax)
 *   bpfhive disasm FILE [--kernel]                disassemble raw instructions
 *   bpfhive exec PROG [--mem-hex "aa bb .." | --mem FILE] [--budget N]
 *
 * exec runs raw bytecode (or a .s file, assembled first) in the interpreter's checked mode:
 * r1 points at the memory, r2 holds its length, every access is bounds-checked, and r0 is
 * printed as 0x... on the last line of stdout. Raw instruction files are arrays of 8-byte
 * little-endian struct bpf_insn, as `bpfhive asm` writes them.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "isa/isa.h"
#include "main.h"
#include "vm/vm.h"

#define MAX_FILE_SIZE (64u << 20)

/* The whole of @path, or NULL after printing why. */
static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n;

	*len = 0;
	if (!f) {
		p_err("%s: %s", path, strerror(errno));
		return NULL;
	}
	do {
		char *p;

		if (*len == cap) {
			if (cap >= MAX_FILE_SIZE) {
				p_err("%s: larger than %u MiB", path, MAX_FILE_SIZE >> 20);
				goto err;
			}
			cap = cap ? cap * 2 : 4096;
			p = realloc(buf, cap + 1);
			if (!p) {
				p_err("%s: out of memory", path);
				goto err;
			}
			buf = p;
		}
		n = fread(buf + *len, 1, cap - *len, f);
		*len += n;
	} while (n);
	if (ferror(f)) {
		p_err("%s: read error", path);
		goto err;
	}
	fclose(f);
	buf[*len] = 0;
	return buf;
err:
	fclose(f);
	free(buf);
	return NULL;
}

/* One line for a wrong argument; the usage text is for `bpfhive CMD` without arguments. */
static int bad_arg(const char *cmd, const char *arg)
{
	if (arg[0] == '-')
		return p_err("%s: unknown option or missing value: '%s' (see '%s %s')", cmd, arg,
			     bin_name, cmd);
	return p_err("%s: unexpected argument '%s' (see '%s %s')", cmd, arg, bin_name, cmd);
}

static bool has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && !strcmp(s + n - m, suffix);
}

/* Instructions of @path: assembled if it ends in .s, raw otherwise. NULL after an error. */
static struct hive_insn *load_insns(const char *path, size_t *cnt)
{
	struct isa_error err;
	struct hive_insn *insns;
	size_t len;
	char *buf = read_file(path, &len);

	if (!buf)
		return NULL;
	if (has_suffix(path, ".s")) {
		if (isa_assemble(buf, len, &insns, cnt, &err)) {
			p_err("%s:%d: %s", path, err.idx, err.msg);
			insns = NULL;
		}
		free(buf);
		return insns;
	}
	if (len % sizeof(struct hive_insn)) {
		p_err("%s: size %zu is not a multiple of 8 (an instruction is 8 bytes)", path, len);
		free(buf);
		return NULL;
	}
	*cnt = len / sizeof(struct hive_insn);
	return (struct hive_insn *)buf;
}

static int asm_usage(void)
{
	fprintf(stderr,
		"Usage: %s asm FILE.s [-o OUT] [--no-validate]\n"
		"  Assemble FILE.s into raw instructions, written to OUT (default: FILE.bin).\n"
		"  --no-validate  keep a program that does not validate (e.g. written with .insn)\n",
		bin_name);
	return -1;
}

static int write_insns(const char *out, const struct hive_insn *insns, size_t cnt)
{
	FILE *f = fopen(out, "wb");

	size_t n;

	if (!f)
		return p_err("%s: %s", out, strerror(errno));
	n = fwrite(insns, sizeof(*insns), cnt, f);
	if (fclose(f) || n != cnt)
		return p_err("%s: write error", out);
	return 0;
}

int do_asm(int argc, char **argv)
{
	const char *in = NULL, *out = NULL;
	struct isa_error err;
	struct hive_insn *insns;
	bool validate = true;
	char *def_out = NULL;
	size_t cnt;
	int ret;

	for (int i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "-o") && i + 1 < argc)
			out = argv[++i];
		else if (!strcmp(argv[i], "--no-validate"))
			validate = false;
		else if (argv[i][0] != '-' && !in)
			in = argv[i];
		else
			return bad_arg("asm", argv[i]);
	}
	if (!in)
		return asm_usage();
	if (!has_suffix(in, ".s"))
		return p_err("%s: expected an assembler source file ending in .s", in);
	insns = load_insns(in, &cnt);
	if (!insns)
		return -1;
	if (validate && isa_validate(insns, cnt, &err)) {
		free(insns);
		return p_err("%s: insn %d: %s", in, err.idx, err.msg);
	}
	if (!out) {
		if (asprintf(&def_out, "%.*s.bin", (int)(strlen(in) - 2), in) < 0) {
			free(insns);
			return p_err("out of memory");
		}
		out = def_out;
	}
	ret = write_insns(out, insns, cnt);
	if (!ret && json_output)
		printf("{\"file\":\"%s\",\"insns\":%zu}\n", out, cnt);
	else if (!ret)
		printf("%s: %zu instructions\n", out, cnt);
	free(def_out);
	free(insns);
	return ret;
}

static void json_str(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			printf("\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			printf("\\u%04x", *s);
		else
			putchar(*s);
	}
	putchar('"');
}

static int disasm_json(const struct hive_insn *insns, size_t cnt,
		       const struct isa_disasm_opts *opts)
{
	char buf[256];

	printf("[");
	for (size_t i = 0; i < cnt;) {
		int n = isa_disasm_insn(insns, cnt, i, opts, buf, sizeof(buf));

		printf("%s{\"insn\":%zu,\"code\":\"0x%02x\",\"text\":", i ? "," : "", i,
		       insns[i].code);
		json_str(buf);
		printf("}");
		i += n;
	}
	printf("]\n");
	return 0;
}

int do_disasm(int argc, char **argv)
{
	struct isa_disasm_opts opts = { .syntax = ISA_SYNTAX_ASM };
	const char *in = NULL;
	struct hive_insn *insns;
	size_t cnt;
	int ret;

	for (int i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--kernel"))
			opts.syntax = ISA_SYNTAX_KERNEL;
		else if (argv[i][0] != '-' && !in)
			in = argv[i];
		else
			return bad_arg("disasm", argv[i]);
	}
	if (!in) {
		fprintf(stderr,
			"Usage: %s disasm FILE [--kernel]\n"
			"  Disassemble raw instructions; --kernel prints the verifier log's notation.\n",
			bin_name);
		return -1;
	}
	insns = load_insns(in, &cnt);
	if (!insns)
		return -1;
	ret = json_output ? disasm_json(insns, cnt, &opts) : isa_disasm(insns, cnt, &opts, stdout);
	free(insns);
	return ret ? p_err("write error") : 0;
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* "aa bb cc" or "aabbcc" into bytes; NULL after an error. */
static uint8_t *parse_hex(const char *s, size_t *len)
{
	uint8_t *out = malloc(strlen(s) / 2 + 1);
	size_t n = 0;

	if (!out) {
		p_err("out of memory");
		return NULL;
	}
	while (*s) {
		int hi, lo;

		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == ',') {
			s++;
			continue;
		}
		hi = hex_digit(s[0]);
		lo = hi < 0 ? -1 : hex_digit(s[1]);
		if (lo < 0) {
			p_err("--mem-hex: '%.2s' is not a hex byte", s);
			free(out);
			return NULL;
		}
		out[n++] = hi << 4 | lo;
		s += 2;
	}
	*len = n;
	return out;
}

static int exec_usage(void)
{
	fprintf(stderr,
		"Usage: %s exec PROG [--mem-hex \"aa bb ...\" | --mem FILE] [--budget N]\n"
		"  Run raw instructions (or a .s file) in checked mode: r1 = memory, r2 = its\n"
		"  length; r0 is printed as 0x... on the last line.\n",
		bin_name);
	return -1;
}

static int exec_prog(const char *path, struct hive_insn *insns, size_t cnt, uint8_t *mem,
		     size_t mem_len, uint64_t budget)
{
	struct hive_vm_run_opts opts = { .sz = sizeof(opts),
					 .checked = true,
					 .insn_budget = budget };
	struct hive_vm *vm = hive_vm_new();
	uint64_t args[2] = { mem_len ? (uintptr_t)mem : 0, mem_len }, r0;
	struct isa_error err = { .idx = -1 };
	struct hive_vm_prog *prog;
	struct hive_vm_run run;
	int ret = -1;

	if (!vm)
		return p_err("out of memory");
	prog = hive_vm_prog_new(vm, insns, cnt, path, &err);
	if (IS_ERR(prog)) {
		if (PTR_ERR(prog) == -ENOMEM)
			p_err("out of memory");
		else if (err.idx < 0)
			p_err("%s: %s", path, err.msg);
		else
			p_err("%s: insn %d: %s", path, err.idx, err.msg);
		goto out;
	}
	hive_vm_run_init(&run, prog, &opts);
	if (mem_len && hive_vm_run_add_region(&run, mem, mem_len, true)) {
		p_err("out of memory");
	} else if (hive_vm_run_exec(&run, args, 2, &r0)) {
		p_err("%s: %s", path, hive_vm_run_error(&run));
	} else {
		if (json_output)
			printf("{\"r0\":\"0x%llx\"}\n", (unsigned long long)r0);
		else
			printf("0x%llx\n", (unsigned long long)r0);
		ret = 0;
	}
	hive_vm_run_fini(&run);
	hive_vm_prog_free(prog);
out:
	hive_vm_free(vm);
	return ret;
}

int do_exec(int argc, char **argv)
{
	const char *path = NULL, *mem_hex = NULL, *mem_file = NULL;
	struct hive_insn *insns;
	uint8_t *mem = NULL;
	size_t cnt, mem_len = 0;
	uint64_t budget = 0;
	int ret;

	for (int i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--mem-hex") && i + 1 < argc && !mem_file) {
			mem_hex = argv[++i];
		} else if (!strcmp(argv[i], "--mem") && i + 1 < argc && !mem_hex) {
			mem_file = argv[++i];
		} else if (!strcmp(argv[i], "--budget") && i + 1 < argc) {
			char *end;

			budget = strtoull(argv[++i], &end, 0);
			if (*end || !budget)
				return p_err("--budget: '%s' is not a positive number", argv[i]);
		} else if (argv[i][0] != '-' && !path) {
			path = argv[i];
		} else {
			return bad_arg("exec", argv[i]);
		}
	}
	if (!path)
		return exec_usage();
	if (mem_hex)
		mem = parse_hex(mem_hex, &mem_len);
	else if (mem_file)
		mem = (uint8_t *)read_file(mem_file, &mem_len);
	if ((mem_hex || mem_file) && !mem)
		return -1;
	insns = load_insns(path, &cnt);
	ret = insns ? exec_prog(path, insns, cnt, mem, mem_len, budget) : -1;
	free(insns);
	free(mem);
	return ret;
}
