// SPDX-License-Identifier: BSD-2-Clause
/*
 * vm/helpers_printf.c: bpf_trace_printk, bpf_trace_vprintk and bpf_snprintf, with the kernel's
 * two-step formatting reproduced so that accepted formats, errors, output and return values are
 * the kernel's:
 *
 *  1. prepare (bpf_bprintf_prepare): walk the format; every ASCII byte must be printable or
 *     white space (bytes >= 0x80 pass, as the 6.18 kernel lets them); each conversion is "%" [0+- ]* [1-9][0-9]* then one of
 *        d i u x X  with an optional l or ll      c      s      %% (no argument)
 *        p  followed by end/space/punctuation, K, x, s or S (a pointer value)
 *        pks pus  (a string, like s)       pB  (a symbol)       pi4 pI4 pi6 pI6 (an address)
 *     and a string conversion must be followed by end, space or punctuation. Too many
 *     conversions for the arguments, or anything else, is -EINVAL. The arguments are packed
 *     into a 512-byte buffer the way the kernel packs them (4-byte aligned ints and longs,
 *     strings and pre-formatted addresses inline, one byte per %c); -ENOSPC when they do not
 *     fit. Strings are read fault-safely: an unreadable one prints as "".
 *  2. format (bstr_printf): the format is interpreted again, reading arguments from that
 *     buffer, into the destination with C99 snprintf truncation. Numbers and strings honour the
 *     flags and width; %p prints a 32-bit hash of the pointer as 16 hex digits (NULL and error
 *     pointers as themselves), %pK likewise (kptr_restrict 0), %px the raw value, %ps/%pS/%pB
 *     "0x" and the hex address (no kernel symbol can match a user-space address). One kernel
 *     quirk is kept on purpose: a pre-formatted argument (%pI4, %pks, %pB...) met when the
 *     output is already full adds nothing to the returned length.
 *
 * trace_printk takes at most 3 arguments, trace_vprintk and snprintf at most 12 (data_len a
 * multiple of 8, at most 96); trace output is cut at 1023 characters and goes to the run's log
 * sink without its trailing newline.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "common/err.h"
#include "vm/helpers.h"

#define HELPER(name)                                                                              \
	static uint64_t h_##name(uint64_t r1, uint64_t r2, uint64_t r3, uint64_t r4, uint64_t r5, \
				 struct hive_vm_run *run)

#define BIN_SIZE VM_MAX_BPRINTF_BIN_ARGS
#define FIELD_WIDTH_MAX ((1 << 23) - 1)

/* flags of a conversion */
#define F_LEFT (1U << 0)
#define F_PLUS (1U << 1)
#define F_SPACE (1U << 2)
#define F_SPECIAL (1U << 3)
#define F_ZEROPAD (1U << 4)
#define F_SMALL (1U << 5)
#define F_SIGN (1U << 6)

/*
 * Character classes of the kernel's ctype table, which is Latin-1: 0x80-0x9f are controls,
 * 0xa0 is a space, 0xa1-0xbf, 0xd7 and 0xf7 punctuation, the other high bytes letters.
 */
#define K_U 0x01 /* upper */
#define K_L 0x02 /* lower */
#define K_D 0x04 /* digit */
#define K_C 0x08 /* control */
#define K_P 0x10 /* punctuation */
#define K_S 0x20 /* white space */
#define K_SP 0x80 /* the space characters ' ' and 0xa0 */

static unsigned k_ctype(char ch)
{
	unsigned char c = (unsigned char)ch;

	if (c < 32 || c == 127 || (c >= 128 && c < 160))
		return K_C | ((c >= 9 && c <= 13) ? K_S : 0);
	if (c == ' ' || c == 0xa0)
		return K_S | K_SP;
	if ((c >= '0' && c <= '9'))
		return K_D;
	if ((c >= 'A' && c <= 'Z') || (c >= 0xc0 && c <= 0xde && c != 0xd7))
		return K_U;
	if ((c >= 'a' && c <= 'z') || (c >= 0xdf && c != 0xf7))
		return K_L;
	return K_P;
}

static bool c_space(char c)
{
	return k_ctype(c) & K_S;
}

static bool c_print(char c)
{
	return k_ctype(c) & (K_P | K_U | K_L | K_D | K_SP);
}

static bool c_alnum(char c)
{
	return k_ctype(c) & (K_U | K_L | K_D);
}

static bool c_punct(char c)
{
	return k_ctype(c) & K_P;
}

/* The packed arguments; reads past what was written give zeros, never stray memory. */
struct bin {
	uint8_t data[BIN_SIZE + 64];
	size_t pos; /* write position while packing, read position while formatting */
};

static size_t room(const struct bin *b)
{
	return b->pos < BIN_SIZE ? BIN_SIZE - b->pos : 0;
}

static void align4(struct bin *b)
{
	b->pos = (b->pos + 3) & ~(size_t)3;
}

/* ---- step 1: prepare ---- */

static int pack_value(struct bin *b, uint64_t v, size_t size)
{
	align4(b);
	if (room(b) < size)
		return -ENOSPC;
	memcpy(b->data + b->pos, &v, size); /* little-endian: the low half first, as the kernel */
	b->pos += size;
	return 0;
}

/* Append a pre-formatted string (kernel: snprintf into the rest of the buffer, +len+1). */
static void pack_text(struct bin *b, const char *text)
{
	size_t len = strlen(text), n = room(b);

	if (n) {
		size_t copy = len < n - 1 ? len : n - 1;

		memcpy(b->data + b->pos, text, copy);
		b->data[b->pos + copy] = 0;
	}
	b->pos += len + 1;
	if (b->pos > BIN_SIZE)
		b->pos = BIN_SIZE;
}

static void format_ip(char *out, size_t size, const uint8_t *ip, char kind, char ver)
{
	size_t n = 0;

	if (ver == '4') {
		snprintf(out, size, kind == 'i' ? "%03u.%03u.%03u.%03u" : "%u.%u.%u.%u", ip[0],
			 ip[1], ip[2], ip[3]);
		return;
	}
	for (int i = 0; i < 16; i++) {
		n += (size_t)snprintf(out + n, size - n, "%02x", ip[i]);
		if (kind == 'I' && (i & 1) && i != 15)
			out[n++] = ':';
	}
	out[n] = 0;
}

static int pack_ip(struct bin *b, uint64_t ptr, char kind, char ver)
{
	size_t len = ver == '4' ? 4 : 16;
	uint8_t ip[16];
	char text[48];

	if (room(b) < len)
		return -ENOSPC;
	if (vm_probe_read(ip, (uint32_t)len, ptr))
		memset(ip, 0, sizeof(ip));
	format_ip(text, sizeof(text), ip, kind, ver);
	pack_text(b, text);
	return 0;
}

static int pack_string(struct bin *b, uint64_t ptr)
{
	long n;

	if (!room(b))
		return -ENOSPC;
	n = vm_probe_read_str(b->data + b->pos, (uint32_t)room(b), ptr);
	if (n < 0) {
		b->data[b->pos] = 0;
		n = 1;
	}
	b->pos += (size_t)n;
	return 0;
}

/* After "%[flags][width]p": what follows decides the kind; *i is moved as the kernel does. */
static int prepare_ptr(const char *fmt, size_t *i, struct bin *b, uint64_t arg, bool *is_str)
{
	char next = fmt[*i + 1];
	char sym[24];

	if ((next == 'k' || next == 'u') && fmt[*i + 2] == 's') {
		*i += 2;
		*is_str = true;
		return 0;
	}
	if (!next || c_space(next) || c_punct(next) || next == 'K' || next == 'x' || next == 's' ||
	    next == 'S') {
		(*i)++;
		return b ? pack_value(b, arg, 8) : 0;
	}
	if (next == 'B') {
		(*i)++;
		if (b) {
			snprintf(sym, sizeof(sym), "0x%llx", (unsigned long long)arg);
			pack_text(b, sym);
		}
		return 0;
	}
	if ((next != 'i' && next != 'I') || (fmt[*i + 2] != '4' && fmt[*i + 2] != '6'))
		return -EINVAL;
	*i += 2;
	return b ? pack_ip(b, arg, next, fmt[*i]) : 0;
}

/* One conversion starting after its '%' at fmt[*i]; *i ends on its last character. */
static int prepare_one(const char *fmt, size_t *i, struct bin *b, uint64_t arg)
{
	bool is_str = false;
	size_t size = 4;
	int err;

	while (fmt[*i] == '0' || fmt[*i] == '+' || fmt[*i] == '-' || fmt[*i] == ' ')
		(*i)++;
	if (fmt[*i] >= '1' && fmt[*i] <= '9')
		while (fmt[*i] >= '0' && fmt[*i] <= '9')
			(*i)++;
	if (fmt[*i] == 'p') {
		err = prepare_ptr(fmt, i, b, arg, &is_str);
		if (err || !is_str)
			return err;
	}
	if (fmt[*i] == 's' || is_str) {
		char next = fmt[*i + 1];

		if (next && !c_space(next) && !c_punct(next))
			return -EINVAL;
		return b ? pack_string(b, arg) : 0;
	}
	if (fmt[*i] == 'c') {
		if (!b)
			return 0;
		if (!room(b))
			return -ENOSPC;
		b->data[b->pos++] = (uint8_t)arg;
		return 0;
	}
	if (fmt[*i] == 'l') {
		size = 8;
		(*i)++;
	}
	if (fmt[*i] == 'l')
		(*i)++;
	if (!strchr("iduxX", fmt[*i]) || !fmt[*i])
		return -EINVAL;
	return b ? pack_value(b, arg, size) : 0;
}

static int prepare(const char *fmt, size_t len, const uint64_t *args, uint32_t nr_args,
		   struct bin *bin)
{
	struct bin *b = nr_args ? bin : NULL; /* the kernel packs nothing without arguments */
	uint32_t nr_spec = 0;

	for (size_t i = 0; i < len; i++) {
		int err;

		/* 6.18 lets any non-ASCII byte through; ASCII must be printable or white space */
		if (!c_print(fmt[i]) && !c_space(fmt[i]) && (unsigned char)fmt[i] < 128)
			return -EINVAL;
		if (fmt[i] != '%')
			continue;
		if (fmt[i + 1] == '%') {
			i++;
			continue;
		}
		if (nr_spec >= nr_args)
			return -EINVAL;
		i++;
		err = prepare_one(fmt, &i, b, args[nr_spec]);
		if (err)
			return err;
		nr_spec++;
	}
	return 0;
}

/* ---- step 2: format ---- */

struct out {
	char *buf;
	size_t size, pos; /* pos counts every character, written or not */
};

static void put(struct out *o, char c)
{
	if (o->pos < o->size)
		o->buf[o->pos] = c;
	o->pos++;
}

static void pad(struct out *o, char c, long n)
{
	for (; n > 0; n--)
		put(o, c);
}

struct spec {
	unsigned flags;
	int width; /* -1: none */
	int base;
	char qual; /* 0, 'l', 'L' (ll), 'h', 'H' (hh), 'z', 't' */
};

static void number(struct out *o, uint64_t num, struct spec sp)
{
	static const char digits[] = "0123456789ABCDEF";
	long width = sp.width;
	char tmp[24], sign = 0;
	int n = 0;

	if (sp.flags & F_LEFT)
		sp.flags &= ~F_ZEROPAD;
	if (sp.flags & F_SIGN) {
		if ((int64_t)num < 0) {
			sign = '-';
			num = 0 - num;
		} else if (sp.flags & F_PLUS) {
			sign = '+';
		} else if (sp.flags & F_SPACE) {
			sign = ' ';
		}
		width -= sign != 0;
	}
	do {
		tmp[n++] =
			(char)(digits[num % (unsigned)sp.base] | (sp.flags & F_SMALL ? 0x20 : 0));
		num /= (unsigned)sp.base;
	} while (num);
	width -= n;
	/* spaces before the sign, or zeros after it; left-justified: spaces after the digits */
	if (!(sp.flags & (F_ZEROPAD | F_LEFT)))
		pad(o, ' ', width);
	if (sign)
		put(o, sign);
	if ((sp.flags & (F_ZEROPAD | F_LEFT)) == F_ZEROPAD)
		pad(o, '0', width);
	while (n > 0)
		put(o, tmp[--n]);
	if (sp.flags & F_LEFT)
		pad(o, ' ', width);
}

static void string(struct out *o, const char *s, size_t max, struct spec sp)
{
	size_t len = strnlen(s, max);

	if (!(sp.flags & F_LEFT))
		pad(o, ' ', (long)sp.width - (long)len);
	for (size_t k = 0; k < len; k++)
		put(o, s[k]);
	if (sp.flags & F_LEFT)
		pad(o, ' ', (long)sp.width - (long)len);
}

static uint64_t get_arg(struct bin *b, size_t size)
{
	uint64_t v = 0;

	if (size > 1)
		align4(b);
	if (b->pos + size <= sizeof(b->data))
		memcpy(&v, b->data + b->pos, size);
	b->pos += size;
	return v;
}

static void pointer(struct out *o, const struct hive_host *host, char kind, uint64_t ptr,
		    struct spec sp)
{
	char sym[24];

	if (kind == 'S' || kind == 's' || kind == 'F' || kind == 'f') {
		snprintf(sym, sizeof(sym), "0x%llx", (unsigned long long)ptr);
		string(o, sym, sizeof(sym), sp);
		return;
	}
	/* plain %p and %pK hash the address; NULL and error pointers print as they are */
	if (kind != 'x' && ptr && ptr < (uint64_t)-HIVE_MAX_ERRNO)
		ptr = vm_host_ptr_hash(host, ptr);
	sp.base = 16;
	sp.flags |= F_SMALL;
	if (sp.width == -1) {
		sp.width = 16;
		sp.flags |= F_ZEROPAD;
	}
	number(o, ptr, sp);
}

/* Parse "%[flags][width][qualifier]" at *f (on the '%'); returns the conversion character. */
static char decode(const char **f, struct spec *sp)
{
	const char *p = *f + 1;

	sp->flags = 0;
	for (;; p++) {
		unsigned fl = *p == '-' ? F_LEFT :
			      *p == '+' ? F_PLUS :
			      *p == ' ' ? F_SPACE :
			      *p == '#' ? F_SPECIAL :
			      *p == '0' ? F_ZEROPAD :
					  0;
		if (!fl)
			break;
		sp->flags |= fl;
	}
	sp->width = -1;
	if (*p >= '0' && *p <= '9') {
		long w = 0;

		for (; *p >= '0' && *p <= '9'; p++)
			w = w < FIELD_WIDTH_MAX ? w * 10 + (*p - '0') : w;
		sp->width = w < FIELD_WIDTH_MAX ? (int)w : FIELD_WIDTH_MAX;
	}
	sp->qual = 0;
	if (*p == 'h' || *p == 'l' || *p == 'L' || *p == 'z' || *p == 't') {
		sp->qual = *p++;
		if (sp->qual == *p && (sp->qual == 'l' || sp->qual == 'h')) {
			sp->qual = sp->qual == 'l' ? 'L' : 'H';
			p++;
		}
	}
	*f = p + (*p != 0);
	return *p;
}

static uint64_t get_int(struct bin *b, const struct spec *sp)
{
	bool sign = sp->flags & F_SIGN;

	switch (sp->qual) {
	case 'L':
	case 'l':
	case 'z':
	case 't':
		return get_arg(b, 8);
	case 'H':
		return sign ? (uint64_t)(int8_t)get_arg(b, 1) : (uint8_t)get_arg(b, 1);
	case 'h':
		return sign ? (uint64_t)(int16_t)get_arg(b, 2) : (uint16_t)get_arg(b, 2);
	default:
		return sign ? (uint64_t)(int32_t)get_arg(b, 4) : (uint32_t)get_arg(b, 4);
	}
}

/* A pre-formatted argument: copied only while there is room (the kernel's quirk). */
static void preformatted(struct out *o, struct bin *b)
{
	const char *s = (const char *)b->data + b->pos;
	size_t len;

	if (o->pos >= o->size || b->pos >= sizeof(b->data))
		return;
	len = strnlen(s, sizeof(b->data) - b->pos);
	for (size_t k = 0; k < len; k++)
		put(o, s[k]);
	b->pos += len + 1;
}

/* One conversion; false for an invalid one, which ends the output as in the kernel. */
static bool format_one(struct out *o, const struct hive_host *host, const char **f, struct bin *b)
{
	struct spec sp = { .width = -1 }; /* decode() fills it; initialised for gcc -O2 */
	char c = decode(f, &sp);

	switch (c) {
	case '%':
		put(o, '%');
		return true;
	case 'c':
		if (!(sp.flags & F_LEFT))
			pad(o, ' ', (long)sp.width - 1);
		put(o, (char)get_arg(b, 1));
		if (sp.flags & F_LEFT)
			pad(o, ' ', (long)sp.width - 1);
		return true;
	case 's': {
		const char *s = (const char *)b->data + (b->pos < sizeof(b->data) ? b->pos : 0);
		size_t max = b->pos < sizeof(b->data) ? sizeof(b->data) - b->pos : 0;

		string(o, s, max, sp);
		b->pos += strnlen(s, max) + 1;
		return true;
	}
	case 'p':
		if (strchr("SsFfxK", **f) && **f)
			pointer(o, host, **f, get_arg(b, 8), sp);
		else if (!c_alnum(**f))
			pointer(o, host, 0, get_arg(b, 8), sp);
		else
			preformatted(o, b);
		while (c_alnum(**f))
			(*f)++;
		return true;
	case 'd':
	case 'i':
		sp.flags |= F_SIGN;
		__attribute__((fallthrough));
	case 'u':
	case 'o':
	case 'x':
	case 'X':
		sp.base = c == 'o' ? 8 : (c == 'x' || c == 'X') ? 16 : 10;
		sp.flags |= c == 'x' ? F_SMALL : 0;
		number(o, get_int(b, &sp), sp);
		return true;
	default:
		return false;
	}
}

static long format(const struct hive_host *host, char *str, uint32_t size, const char *fmt,
		   struct bin *b)
{
	struct out o = { str, size, 0 };

	b->pos = 0;
	while (*fmt) {
		if (*fmt != '%') {
			put(&o, *fmt++);
			continue;
		}
		if (!format_one(&o, host, &fmt, b))
			break;
	}
	if (size)
		str[o.pos < size ? o.pos : size - 1] = 0;
	return (long)o.pos;
}

long vm_bprintf(const struct hive_host *host, char *str, uint32_t size, const char *fmt,
		uint32_t fmt_size, const uint64_t *args, uint32_t nr_args)
{
	size_t len = strnlen(fmt, fmt_size);
	struct bin bin;
	int err;

	if (len == fmt_size)
		return -EINVAL; /* no NUL within fmt_size */
	memset(&bin, 0, sizeof(bin));
	err = prepare(fmt, len, args, nr_args, &bin);
	if (err)
		return err;
	return format(host ? host : vm_host_default(), str, size, fmt, &bin);
}

/* ---- helpers ---- */

/* One trace message to the run's sink, without its trailing newline. */
static void emit(struct hive_vm_run *run, char *msg)
{
	size_t len = strlen(msg);

	if (!run->log_fn)
		return;
	if (len && msg[len - 1] == '\n')
		msg[len - 1] = 0;
	run->log_fn(run->log_ctx, msg);
}

static bool varargs_ok(uint64_t args, uint32_t data_len)
{
	return !(data_len % 8 || data_len > VM_MAX_BPRINTF_VARARGS * 8 || (data_len && !args));
}

static uint64_t vprintk(struct hive_vm_run *run, const char *name, uint64_t fmt, uint32_t fmt_size,
			const uint64_t *args, uint32_t nr_args)
{
	char buf[VM_MAX_BPRINTF_BUF];
	long ret;

	if (!vm_helper_mem_ok(run, name, "format", fmt, fmt_size, false))
		return 0;
	ret = vm_bprintf(vm_env_of(run)->host, buf, sizeof(buf), (const char *)(uintptr_t)fmt,
			 fmt_size, args, nr_args);
	if (ret >= 0)
		emit(run, buf);
	return (uint64_t)ret;
}

HELPER(trace_printk)
{
	const uint64_t args[VM_MAX_TRACE_PRINTK_VARARGS] = { r3, r4, r5 };

	return vprintk(run, "bpf_trace_printk", r1, (uint32_t)r2, args,
		       VM_MAX_TRACE_PRINTK_VARARGS);
}

HELPER(trace_vprintk)
{
	uint32_t data_len = (uint32_t)r4;

	if (!varargs_ok(r3, data_len))
		return (uint64_t)-EINVAL;
	if (!vm_helper_mem_ok(run, "bpf_trace_vprintk", "arguments", r3, data_len, false))
		return 0;
	return vprintk(run, "bpf_trace_vprintk", r1, (uint32_t)r2, (const uint64_t *)(uintptr_t)r3,
		       data_len / 8);
}

/* bpf_snprintf(str, str_size, fmt, data, data_len): length including the NUL, or -errno. */
HELPER(snprintf)
{
	uint32_t str_size = (uint32_t)r2, data_len = (uint32_t)r5;
	long ret;

	if (!varargs_ok(r4, data_len))
		return (uint64_t)-EINVAL;
	if (!vm_helper_str_ok(run, "bpf_snprintf", "format", r3) ||
	    !vm_helper_mem_ok(run, "bpf_snprintf", "arguments", r4, data_len, false) ||
	    !vm_helper_mem_ok(run, "bpf_snprintf", "buffer", r1, str_size, true))
		return 0;
	ret = vm_bprintf(vm_env_of(run)->host, (char *)(uintptr_t)r1, str_size,
			 (const char *)(uintptr_t)r3, UINT32_MAX, (const uint64_t *)(uintptr_t)r4,
			 data_len / 8);
	return (uint64_t)(ret < 0 ? ret : ret + 1);
}

#define D(name)                             \
	{                                   \
		VM_FUNC_##name, h_##name, 0 \
	}

static const struct vm_helper_desc descs[] = {
	D(trace_printk),
	D(trace_vprintk),
	D(snprintf),
};

const struct vm_helper_group vm_helpers_printf = { "printf", descs, ARRAY_SIZE(descs) };
