/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * elf/elf.h: a bounds-checked reader of relocatable BPF objects (what `clang -target bpf -c`
 * writes), on top of libelf. Opening reads and checks everything once: the ELF header (spec
 * A.1), every section (name, type, data inside the file), the symbol table (names, section
 * indices) and the relocation records of every relocation section that matters (offsets inside
 * their target section, symbol indices inside the table). After a successful open, no accessor
 * can fail or read out of bounds. Sections are classified as spec A.2 describes.
 *
 * Big-endian (bpfeb) objects open for inspection: libelf converts headers, symbols and
 * relocations; section bytes stay as in the file and elf_is_swapped() says so.
 *
 * Errors name the file, the section and the reason, e.g.
 *   "prog.bpf.o: section 7 '.rel.text': relocation #3 offset 0x1f8 is outside section 'xdp' (size 0x1f0)"
 */
#ifndef __HIVE_ELF_ELF_H
#define __HIVE_ELF_ELF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct hive_elf;

/* What a section is for the loader (spec A.2). */
enum elf_sec_class {
	ELF_SEC_NULL, /* index 0 */
	ELF_SEC_IGNORED, /* .debug_*, .llvm_addrsig, relocations of .BTF/.BTF.ext/DWARF, empty code */
	ELF_SEC_SYMTAB,
	ELF_SEC_STRTAB,
	ELF_SEC_PROG, /* executable, not .text: entry programs, name = SEC() string */
	ELF_SEC_TEXT, /* .text: subprograms */
	ELF_SEC_MAPS, /* .maps: BTF-defined maps */
	ELF_SEC_LEGACY_MAPS, /* maps: legacy definitions (unsupported since libbpf 1.0) */
	ELF_SEC_DATA, /* .data, .data.* */
	ELF_SEC_RODATA, /* .rodata, .rodata.* */
	ELF_SEC_BSS, /* .bss, .bss.* (SHT_NOBITS) */
	ELF_SEC_BTF,
	ELF_SEC_BTF_EXT,
	ELF_SEC_LICENSE,
	ELF_SEC_VERSION,
	ELF_SEC_RELO, /* SHT_REL for section sh_info */
	ELF_SEC_STRUCT_OPS, /* .struct_ops, .struct_ops.link (optionally '?'-prefixed) */
	ELF_SEC_ARENA, /* .addr_space.1 */
	ELF_SEC_JUMPTABLES, /* .jumptables */
	ELF_SEC_OTHER, /* anything else: skipped by the loader */
};

struct hive_elf_sec {
	uint32_t idx;
	const char *name;
	uint32_t type; /* SHT_* */
	uint64_t flags; /* SHF_* */
	const void *data; /* NULL for SHT_NOBITS and empty sections */
	uint64_t size; /* sh_size (also for NOBITS) */
	uint32_t info; /* sh_info: for SHT_REL the section the records apply to */
	uint32_t link; /* sh_link */
	uint64_t addralign;
	uint64_t entsize;
	enum elf_sec_class cls;
};

struct hive_elf_sym {
	uint32_t idx;
	const char *name; /* "" if unnamed */
	uint64_t value;
	uint64_t size;
	uint16_t shndx; /* SHN_UNDEF, a valid section index, or >= SHN_LORESERVE */
	uint8_t bind; /* STB_* */
	uint8_t type; /* STT_* */
	uint8_t visibility; /* STV_* */
};

struct hive_elf_rel {
	uint64_t offset; /* r_offset: inside the target section */
	uint32_t sym; /* valid index into the symbol table */
	uint32_t type; /* R_BPF_* */
};

/* Open an object file; errors go to @errbuf (one line, may be NULL). */
struct hive_elf *elf_open_file(const char *path, char *errbuf, size_t errbuf_sz);
/* Open an object from memory (copied); @name is used in messages. */
struct hive_elf *elf_open_mem(const void *data, size_t size, const char *name, char *errbuf,
			      size_t errbuf_sz);
/* Accepts NULL and ERR_PTR. */
void elf_close(struct hive_elf *elf);

/* Path or name given at open. */
const char *elf_name(const struct hive_elf *elf);
/* The object's byte order differs from the host's (bpfeb on x86). */
bool elf_is_swapped(const struct hive_elf *elf);
/* e_machine: EM_BPF (247) or 0 (old LLVM). */
uint16_t elf_machine(const struct hive_elf *elf);

uint32_t elf_sec_cnt(const struct hive_elf *elf);
/* NULL if @idx >= elf_sec_cnt(). */
const struct hive_elf_sec *elf_sec(const struct hive_elf *elf, uint32_t idx);
/* First section named @name, or NULL. */
const struct hive_elf_sec *elf_sec_by_name(const struct hive_elf *elf, const char *name);
/* First section of class @cls, or NULL. */
const struct hive_elf_sec *elf_sec_by_class(const struct hive_elf *elf, enum elf_sec_class cls);
/* Relocation section whose records apply to section @target_idx, or NULL. */
const struct hive_elf_sec *elf_relo_sec_for(const struct hive_elf *elf, uint32_t target_idx);

/* Symbols: index 0 is the null symbol. */
uint32_t elf_sym_cnt(const struct hive_elf *elf);
const struct hive_elf_sym *elf_sym(const struct hive_elf *elf, uint32_t idx);
/* First GLOBAL/WEAK symbol named @name with type @type (-1: any), or NULL. */
const struct hive_elf_sym *elf_sym_by_name(const struct hive_elf *elf, const char *name, int type);

/*
 * elf_relocs() - the records of relocation section @sec_idx (class ELF_SEC_RELO), checked at
 * open. Returns the count and sets *@rels, or -EINVAL if @sec_idx is not such a section.
 */
int elf_relocs(const struct hive_elf *elf, uint32_t sec_idx, const struct hive_elf_rel **rels);

/* "prog", "data", ... */
const char *elf_sec_class_str(enum elf_sec_class cls);

#ifdef __cplusplus
}
#endif

#endif /* __HIVE_ELF_ELF_H */
