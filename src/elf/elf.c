// SPDX-License-Identifier: BSD-2-Clause
/*
 * elf/elf.c: reading relocatable BPF objects with libelf, checking every offset, size and index
 * once at open so that nothing after it has to.
 *
 * The input is always copied into one buffer we own (libelf's elf_memory() wants a writable
 * image and we want one lifetime for all section data). Before libelf sees the image we check
 * the ELF header and the section header table lie inside it; after, each section's data range,
 * each symbol's name and section index and each relocation record's offset and symbol.
 *
 *   Elf64_Ehdr | sections ... | section header table (e_shoff, e_shnum * 64 bytes)
 */
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/err.h"
#include "common/mem.h"
#include "elf/elf.h"

#ifndef EM_BPF
#define EM_BPF 247
#endif
#ifndef SHT_LLVM_ADDRSIG
#define SHT_LLVM_ADDRSIG 0x6FFF4C03
#endif

/* Objects larger than this are refused: BPF objects are kilobytes to a few megabytes. */
#define ELF_MAX_SIZE (1ULL << 30)

struct relo_set {
	struct hive_elf_rel *v;
	uint32_t cnt;
};

struct hive_elf {
	char *name;
	void *image; /* our copy of the file */
	size_t image_sz;
	Elf *elf;
	bool swapped;
	uint16_t machine;
	uint64_t shoff; /* e_shoff, checked by check_ehdr() */
	struct hive_elf_sec *secs;
	uint32_t nr_secs;
	struct hive_elf_sym *syms;
	uint32_t nr_syms;
	uint32_t symtab_idx;
	struct relo_set *relos; /* indexed by section index */
	char *errbuf;
	size_t errbuf_sz;
};

__attribute__((format(printf, 2, 3))) static int seterr(struct hive_elf *elf, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (!elf->errbuf || !elf->errbuf_sz)
		return -EINVAL;
	n = snprintf(elf->errbuf, elf->errbuf_sz, "%s: ", elf->name);
	if (n < 0 || (size_t)n >= elf->errbuf_sz)
		return -EINVAL;
	va_start(ap, fmt);
	vsnprintf(elf->errbuf + n, elf->errbuf_sz - n, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

static bool str_starts(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* ".data" or ".data.<anything>" */
static bool is_sec_family(const char *name, const char *family)
{
	size_t n = strlen(family);

	return !strncmp(name, family, n) && (name[n] == '\0' || name[n] == '.');
}

static enum elf_sec_class classify_rel(const char *name)
{
	if (str_starts(name, ".rel.debug_") || !strcmp(name, ".rel.BTF") ||
	    !strcmp(name, ".rel.BTF.ext"))
		return ELF_SEC_IGNORED;
	return ELF_SEC_RELO;
}

static enum elf_sec_class classify(const struct hive_elf_sec *s)
{
	const char *name = s->name;

	if (s->idx == 0)
		return ELF_SEC_NULL;
	if (s->type == SHT_SYMTAB)
		return ELF_SEC_SYMTAB;
	if (s->type == SHT_STRTAB)
		return ELF_SEC_STRTAB;
	if (s->type == SHT_LLVM_ADDRSIG || str_starts(name, ".debug_"))
		return ELF_SEC_IGNORED;
	if (s->type == SHT_REL)
		return classify_rel(name);
	if (!strcmp(name, "license"))
		return ELF_SEC_LICENSE;
	if (!strcmp(name, "version"))
		return ELF_SEC_VERSION;
	if (!strcmp(name, "maps"))
		return ELF_SEC_LEGACY_MAPS;
	if (!strcmp(name, ".maps"))
		return ELF_SEC_MAPS;
	if (!strcmp(name, ".BTF"))
		return ELF_SEC_BTF;
	if (!strcmp(name, ".BTF.ext"))
		return ELF_SEC_BTF_EXT;
	if (s->type == SHT_PROGBITS && (s->flags & SHF_EXECINSTR)) {
		if (s->size == 0)
			return ELF_SEC_IGNORED;
		return strcmp(name, ".text") ? ELF_SEC_PROG : ELF_SEC_TEXT;
	}
	if (s->type == SHT_PROGBITS && is_sec_family(name, ".data"))
		return ELF_SEC_DATA;
	if (s->type == SHT_PROGBITS && is_sec_family(name, ".rodata"))
		return ELF_SEC_RODATA;
	if (s->type == SHT_NOBITS && is_sec_family(name, ".bss"))
		return ELF_SEC_BSS;
	if (name[0] == '?')
		name++;
	if (!strcmp(name, ".struct_ops") || !strcmp(name, ".struct_ops.link"))
		return ELF_SEC_STRUCT_OPS;
	if (!strcmp(name, ".addr_space.1"))
		return ELF_SEC_ARENA;
	if (!strcmp(name, ".jumptables"))
		return ELF_SEC_JUMPTABLES;
	return ELF_SEC_OTHER;
}

/* The raw header and section table must lie inside the image before libelf parses it. */
static int check_ehdr(struct hive_elf *elf)
{
	const unsigned char *id = elf->image;
	uint64_t shoff, shnum, shentsize, end;
	bool be;

	if (elf->image_sz < sizeof(Elf64_Ehdr) || memcmp(id, ELFMAG, SELFMAG))
		return seterr(elf, "not an ELF file");
	if (id[EI_CLASS] != ELFCLASS64)
		return seterr(elf, "not a 64-bit ELF file (EI_CLASS %u)", id[EI_CLASS]);
	if (id[EI_DATA] != ELFDATA2LSB && id[EI_DATA] != ELFDATA2MSB)
		return seterr(elf, "unknown byte order (EI_DATA %u)", id[EI_DATA]);
	be = id[EI_DATA] == ELFDATA2MSB;
	elf->swapped = be != (__BYTE_ORDER__ == __ORDER_BIG_ENDIAN__);
#define RD(field, sz) (elf->swapped ? __builtin_bswap##sz(field) : (field))
	{
		const Elf64_Ehdr *eh = elf->image;

		shoff = RD(eh->e_shoff, 64);
		elf->shoff = shoff;
		shnum = RD(eh->e_shnum, 16);
		shentsize = RD(eh->e_shentsize, 16);
	}
#undef RD
	if (shnum == 0 && shoff == 0)
		return seterr(elf, "no section header table");
	if (shentsize != sizeof(Elf64_Shdr))
		return seterr(elf, "section header size %lu, expected %zu",
			      (unsigned long)shentsize, sizeof(Elf64_Shdr));
	/* shnum 0 means "in section 0's sh_size": at least section 0 must be there */
	if (hive_mul_overflow(shnum ? shnum : 1, shentsize, &end) ||
	    hive_add_overflow(end, shoff, &end) || end > elf->image_sz)
		return seterr(
			elf,
			"section header table (offset %#lx, %lu entries) is outside the file (size %#zx)",
			(unsigned long)shoff, (unsigned long)shnum, elf->image_sz);
	return 0;
}

static int check_header(struct hive_elf *elf)
{
	GElf_Ehdr eh;

	if (!gelf_getehdr(elf->elf, &eh))
		return seterr(elf, "cannot read the ELF header: %s", elf_errmsg(-1));
	if (eh.e_type != ET_REL)
		return seterr(
			elf,
			"not a relocatable object (e_type %u); BPF objects come from `clang -target bpf -c`",
			eh.e_type);
	if (eh.e_machine != EM_BPF && eh.e_machine != EM_NONE)
		return seterr(elf, "not a BPF object (e_machine %u, expected %u)", eh.e_machine,
			      EM_BPF);
	elf->machine = eh.e_machine;
	return 0;
}

static int read_section(struct hive_elf *elf, Elf_Scn *scn, size_t shstrndx, uint32_t idx)
{
	struct hive_elf_sec *s = &elf->secs[idx];
	GElf_Shdr sh;
	uint64_t end;

	if (!gelf_getshdr(scn, &sh))
		return seterr(elf, "section %u: cannot read its header: %s", idx, elf_errmsg(-1));
	s->idx = idx;
	s->name = idx ? elf_strptr(elf->elf, shstrndx, sh.sh_name) : "";
	if (!s->name)
		return seterr(elf, "section %u: name offset %u is outside the section name table",
			      idx, sh.sh_name);
	s->type = sh.sh_type;
	s->flags = sh.sh_flags;
	s->size = sh.sh_size;
	s->info = sh.sh_info;
	s->link = sh.sh_link;
	s->addralign = sh.sh_addralign;
	s->entsize = sh.sh_entsize;
	if (sh.sh_type != SHT_NOBITS && sh.sh_type != SHT_NULL && sh.sh_size) {
		Elf_Data *d;

		if (hive_add_overflow(sh.sh_offset, sh.sh_size, &end) || end > elf->image_sz)
			return seterr(
				elf,
				"section %u '%s': data (offset %#lx, size %#lx) is outside the file (size %#zx)",
				idx, s->name, (unsigned long)sh.sh_offset,
				(unsigned long)sh.sh_size, elf->image_sz);
		d = elf_getdata(scn, NULL);
		if (!d || d->d_size != sh.sh_size || (!d->d_buf && d->d_size))
			return seterr(elf, "section %u '%s': cannot read its data: %s", idx,
				      s->name, elf_errmsg(-1));
		s->data = d->d_buf;
	}
	if (s->link >= elf->nr_secs && s->type != SHT_NULL)
		return seterr(elf, "section %u '%s': sh_link %u is not a section index", idx,
			      s->name, s->link);
	s->cls = classify(s);
	return 0;
}

static int read_sections(struct hive_elf *elf)
{
	size_t shnum, shstrndx;

	if (elf_getshdrnum(elf->elf, &shnum) || elf_getshdrstrndx(elf->elf, &shstrndx))
		return seterr(elf, "cannot read the section table: %s", elf_errmsg(-1));
	if (shnum == 0 || shnum > 65535 * 4)
		return seterr(elf, "invalid number of sections %zu", shnum);
	/* with extended numbering the count came from section 0: check the table again */
	if (shnum * sizeof(Elf64_Shdr) > elf->image_sz - elf->shoff)
		return seterr(elf, "section header table (%zu entries) is outside the file", shnum);
	if (shstrndx >= shnum)
		return seterr(elf, "section name table index %zu is not a section", shstrndx);
	elf->secs = calloc(shnum, sizeof(*elf->secs));
	elf->relos = calloc(shnum, sizeof(*elf->relos));
	if (!elf->secs || !elf->relos)
		return -ENOMEM;
	elf->nr_secs = shnum;
	for (size_t i = 0; i < shnum; i++) {
		Elf_Scn *scn = elf_getscn(elf->elf, i);
		int err;

		if (!scn)
			return seterr(elf, "section %zu: %s", i, elf_errmsg(-1));
		err = read_section(elf, scn, shstrndx, i);
		if (err)
			return err;
	}
	return 0;
}

static int check_sections(struct hive_elf *elf)
{
	for (uint32_t i = 1; i < elf->nr_secs; i++) {
		const struct hive_elf_sec *s = &elf->secs[i];

		if ((s->cls == ELF_SEC_BTF || s->cls == ELF_SEC_BTF_EXT) && s->type != SHT_PROGBITS)
			return seterr(elf, "section %u '%s': must be SHT_PROGBITS, not type %u", i,
				      s->name, s->type);
		if (s->type == SHT_SYMTAB) {
			if (elf->symtab_idx)
				return seterr(elf, "section %u '%s': more than one symbol table", i,
					      s->name);
			elf->symtab_idx = i;
		}
	}
	if (!elf->symtab_idx)
		return seterr(elf, "couldn't find symbol table; stripped object file?");
	return 0;
}

static int read_symbols(struct hive_elf *elf)
{
	const struct hive_elf_sec *st = &elf->secs[elf->symtab_idx];
	Elf_Data *d = elf_getdata(elf_getscn(elf->elf, st->idx), NULL);
	uint64_t cnt;

	if (st->entsize != sizeof(Elf64_Sym) || st->size % sizeof(Elf64_Sym))
		return seterr(elf, "section %u '%s': symbol entry size %lu, expected %zu", st->idx,
			      st->name, (unsigned long)st->entsize, sizeof(Elf64_Sym));
	if (elf->secs[st->link].type != SHT_STRTAB)
		return seterr(elf, "section %u '%s': sh_link %u is not a string table", st->idx,
			      st->name, st->link);
	cnt = st->size / sizeof(Elf64_Sym);
	if (!d || cnt > UINT32_MAX)
		return seterr(elf, "section %u '%s': cannot read symbols", st->idx, st->name);
	elf->syms = calloc(cnt ? cnt : 1, sizeof(*elf->syms));
	if (!elf->syms)
		return -ENOMEM;
	elf->nr_syms = cnt;
	for (uint32_t i = 0; i < cnt; i++) {
		struct hive_elf_sym *s = &elf->syms[i];
		GElf_Sym sym;

		if (!gelf_getsym(d, i, &sym))
			return seterr(elf, "symbol #%u: cannot read it: %s", i, elf_errmsg(-1));
		s->idx = i;
		s->name = elf_strptr(elf->elf, st->link, sym.st_name);
		if (!s->name)
			return seterr(elf, "symbol #%u: name offset %u is outside the string table",
				      i, sym.st_name);
		s->value = sym.st_value;
		s->size = sym.st_size;
		s->shndx = sym.st_shndx;
		s->bind = GELF_ST_BIND(sym.st_info);
		s->type = GELF_ST_TYPE(sym.st_info);
		s->visibility = GELF_ST_VISIBILITY(sym.st_other);
		if (s->shndx >= elf->nr_secs && s->shndx < SHN_LORESERVE)
			return seterr(elf, "symbol #%u '%s': section index %u is not a section", i,
				      s->name, s->shndx);
		if (s->shndx == SHN_XINDEX)
			return seterr(elf,
				      "symbol #%u '%s': extended section indices are not supported",
				      i, s->name);
	}
	return 0;
}

static int read_relos(struct hive_elf *elf, const struct hive_elf_sec *rs)
{
	const struct hive_elf_sec *tgt;
	struct relo_set *set = &elf->relos[rs->idx];
	Elf_Data *d = elf_getdata(elf_getscn(elf->elf, rs->idx), NULL);
	uint64_t cnt;

	if (rs->info == 0 || rs->info >= elf->nr_secs)
		return seterr(elf, "section %u '%s': sh_info %u is not a section to relocate",
			      rs->idx, rs->name, rs->info);
	if (rs->link != elf->symtab_idx)
		return seterr(elf, "section %u '%s': sh_link %u is not the symbol table", rs->idx,
			      rs->name, rs->link);
	if (rs->size % sizeof(Elf64_Rel) || (rs->entsize && rs->entsize != sizeof(Elf64_Rel)))
		return seterr(elf,
			      "section %u '%s': size %lu is not a multiple of the record size %zu",
			      rs->idx, rs->name, (unsigned long)rs->size, sizeof(Elf64_Rel));
	tgt = &elf->secs[rs->info];
	cnt = rs->size / sizeof(Elf64_Rel);
	if (cnt && !d)
		return seterr(elf, "section %u '%s': cannot read records", rs->idx, rs->name);
	set->v = calloc(cnt ? cnt : 1, sizeof(*set->v));
	if (!set->v)
		return -ENOMEM;
	set->cnt = cnt;
	for (uint32_t i = 0; i < cnt; i++) {
		GElf_Rel rel;

		if (!gelf_getrel(d, i, &rel))
			return seterr(elf, "section %u '%s': relocation #%u: %s", rs->idx, rs->name,
				      i, elf_errmsg(-1));
		set->v[i].offset = rel.r_offset;
		set->v[i].sym = GELF_R_SYM(rel.r_info);
		set->v[i].type = GELF_R_TYPE(rel.r_info);
		if (rel.r_offset >= tgt->size)
			return seterr(
				elf,
				"section %u '%s': relocation #%u offset %#lx is outside section '%s' (size %#lx)",
				rs->idx, rs->name, i, (unsigned long)rel.r_offset, tgt->name,
				(unsigned long)tgt->size);
		if (set->v[i].sym >= elf->nr_syms)
			return seterr(
				elf,
				"section %u '%s': relocation #%u symbol index %u is outside the symbol table (%u symbols)",
				rs->idx, rs->name, i, set->v[i].sym, elf->nr_syms);
	}
	return 0;
}

static int load(struct hive_elf *elf)
{
	int err;

	err = check_ehdr(elf);
	if (err)
		return err;
	elf_version(EV_CURRENT);
	elf->elf = elf_memory(elf->image, elf->image_sz);
	if (!elf->elf)
		return seterr(elf, "libelf cannot read it: %s", elf_errmsg(-1));
	if (elf_kind(elf->elf) != ELF_K_ELF)
		return seterr(elf, "not an ELF object (an archive?)");
	err = check_header(elf);
	err = err ?: read_sections(elf);
	err = err ?: check_sections(elf);
	err = err ?: read_symbols(elf);
	for (uint32_t i = 1; !err && i < elf->nr_secs; i++)
		if (elf->secs[i].cls == ELF_SEC_RELO)
			err = read_relos(elf, &elf->secs[i]);
	return err;
}

static struct hive_elf *open_image(void *image, size_t size, const char *name, char *errbuf,
				   size_t errbuf_sz)
{
	struct hive_elf *elf = calloc(1, sizeof(*elf));
	int err;

	if (!elf) {
		free(image);
		return ERR_PTR(-ENOMEM);
	}
	elf->image = image;
	elf->image_sz = size;
	elf->errbuf = errbuf;
	elf->errbuf_sz = errbuf_sz;
	elf->name = strdup(name ? name : "(memory)");
	if (!elf->name) {
		elf_close(elf);
		return ERR_PTR(-ENOMEM);
	}
	err = load(elf);
	elf->errbuf = NULL;
	if (err) {
		elf_close(elf);
		return ERR_PTR(err);
	}
	return elf;
}

/* ---- internal API ---- */

struct hive_elf *elf_open_mem(const void *data, size_t size, const char *name, char *errbuf,
			      size_t errbuf_sz)
{
	void *image;

	if (!data || size > ELF_MAX_SIZE)
		return ERR_PTR(-EINVAL);
	image = malloc(size ? size : 1);
	if (!image)
		return ERR_PTR(-ENOMEM);
	memcpy(image, data, size);
	return open_image(image, size, name, errbuf, errbuf_sz);
}

static int read_whole(int fd, void *buf, size_t size)
{
	size_t done = 0;

	while (done < size) {
		ssize_t n = read(fd, (char *)buf + done, size - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? -errno : -EIO;
		done += n;
	}
	return 0;
}

struct hive_elf *elf_open_file(const char *path, char *errbuf, size_t errbuf_sz)
{
	struct stat st;
	void *image;
	int fd, err;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		err = -errno;
		if (errbuf && errbuf_sz)
			snprintf(errbuf, errbuf_sz, "%s: %s", path, strerror(-err));
		return ERR_PTR(err);
	}
	if (fstat(fd, &st) || !S_ISREG(st.st_mode) || (uint64_t)st.st_size > ELF_MAX_SIZE) {
		close(fd);
		if (errbuf && errbuf_sz)
			snprintf(errbuf, errbuf_sz, "%s: not a regular file of a sane size", path);
		return ERR_PTR(-EINVAL);
	}
	image = malloc(st.st_size ? st.st_size : 1);
	if (!image) {
		close(fd);
		return ERR_PTR(-ENOMEM);
	}
	err = read_whole(fd, image, st.st_size);
	close(fd);
	if (err) {
		free(image);
		if (errbuf && errbuf_sz)
			snprintf(errbuf, errbuf_sz, "%s: read failed: %s", path, strerror(-err));
		return ERR_PTR(err);
	}
	return open_image(image, st.st_size, path, errbuf, errbuf_sz);
}

void elf_close(struct hive_elf *elf)
{
	if (IS_ERR_OR_NULL(elf))
		return;
	if (elf->relos)
		for (uint32_t i = 0; i < elf->nr_secs; i++)
			free(elf->relos[i].v);
	free(elf->relos);
	free(elf->syms);
	free(elf->secs);
	if (elf->elf)
		elf_end(elf->elf);
	free(elf->image);
	free(elf->name);
	free(elf);
}

const char *elf_name(const struct hive_elf *elf)
{
	return elf->name;
}

bool elf_is_swapped(const struct hive_elf *elf)
{
	return elf->swapped;
}

uint16_t elf_machine(const struct hive_elf *elf)
{
	return elf->machine;
}

uint32_t elf_sec_cnt(const struct hive_elf *elf)
{
	return elf->nr_secs;
}

const struct hive_elf_sec *elf_sec(const struct hive_elf *elf, uint32_t idx)
{
	return idx < elf->nr_secs ? &elf->secs[idx] : NULL;
}

const struct hive_elf_sec *elf_sec_by_name(const struct hive_elf *elf, const char *name)
{
	for (uint32_t i = 1; i < elf->nr_secs; i++)
		if (!strcmp(elf->secs[i].name, name))
			return &elf->secs[i];
	return NULL;
}

const struct hive_elf_sec *elf_sec_by_class(const struct hive_elf *elf, enum elf_sec_class cls)
{
	for (uint32_t i = 1; i < elf->nr_secs; i++)
		if (elf->secs[i].cls == cls)
			return &elf->secs[i];
	return NULL;
}

const struct hive_elf_sec *elf_relo_sec_for(const struct hive_elf *elf, uint32_t target_idx)
{
	for (uint32_t i = 1; i < elf->nr_secs; i++)
		if (elf->secs[i].cls == ELF_SEC_RELO && elf->secs[i].info == target_idx)
			return &elf->secs[i];
	return NULL;
}

uint32_t elf_sym_cnt(const struct hive_elf *elf)
{
	return elf->nr_syms;
}

const struct hive_elf_sym *elf_sym(const struct hive_elf *elf, uint32_t idx)
{
	return idx < elf->nr_syms ? &elf->syms[idx] : NULL;
}

const struct hive_elf_sym *elf_sym_by_name(const struct hive_elf *elf, const char *name, int type)
{
	for (uint32_t i = 1; i < elf->nr_syms; i++) {
		const struct hive_elf_sym *s = &elf->syms[i];

		if ((s->bind == STB_GLOBAL || s->bind == STB_WEAK) &&
		    (type < 0 || s->type == type) && !strcmp(s->name, name))
			return s;
	}
	return NULL;
}

int elf_relocs(const struct hive_elf *elf, uint32_t sec_idx, const struct hive_elf_rel **rels)
{
	if (sec_idx >= elf->nr_secs || elf->secs[sec_idx].cls != ELF_SEC_RELO)
		return -EINVAL;
	*rels = elf->relos[sec_idx].v;
	return elf->relos[sec_idx].cnt;
}

const char *elf_sec_class_str(enum elf_sec_class cls)
{
	static const char *const names[] = {
		[ELF_SEC_NULL] = "null",
		[ELF_SEC_IGNORED] = "ignored",
		[ELF_SEC_SYMTAB] = "symtab",
		[ELF_SEC_STRTAB] = "strtab",
		[ELF_SEC_PROG] = "prog",
		[ELF_SEC_TEXT] = "text",
		[ELF_SEC_MAPS] = "maps",
		[ELF_SEC_LEGACY_MAPS] = "legacy-maps",
		[ELF_SEC_DATA] = "data",
		[ELF_SEC_RODATA] = "rodata",
		[ELF_SEC_BSS] = "bss",
		[ELF_SEC_BTF] = "btf",
		[ELF_SEC_BTF_EXT] = "btf-ext",
		[ELF_SEC_LICENSE] = "license",
		[ELF_SEC_VERSION] = "version",
		[ELF_SEC_RELO] = "relo",
		[ELF_SEC_STRUCT_OPS] = "struct-ops",
		[ELF_SEC_ARENA] = "arena",
		[ELF_SEC_JUMPTABLES] = "jumptables",
		[ELF_SEC_OTHER] = "other",
	};

	return (unsigned int)cls < ARRAY_SIZE(names) ? names[cls] : "?";
}
