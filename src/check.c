/*
 * check.c: cshim check, the proof.  It reads a linked ELF binary and counts,
 * for every helper symbol (by prefix), the places in its code that still
 * reach the helper.  Zero everywhere means LTO inlined every helper.
 *
 * A "call site" is any instruction that transfers control to a helper or
 * loads its address: a direct call or jump (tail calls too), a call through
 * a PLT stub, and a call or load through a GOT slot that holds the helper's
 * address.  The last matters for Rust, which calls extern functions through
 * the GOT (`call *f@GOTPCREL(%rip)`, or `mov f@GOTPCREL(%rip),%rax` then
 * `call *%rax`) rather than through the PLT; a checker that looked only for
 * `call rust_helper_x` would report a residual call as inlined.
 *
 * libelf reads the symbol tables, relocations and section contents; capstone
 * decodes the instructions (x86-64).  Call sites are attributed to the
 * function symbol that contains them, demangled (Rust or C++) by libiberty.
 */
#include "cshim.h"
#include "demangle.h"

#include <capstone/capstone.h>
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct caller {
	const char *name;
	unsigned calls;
};

struct helper {
	const char *name;
	bool defined;
	uint64_t addr, size;
	unsigned sites;
	struct vec callers; /* struct caller * */
};

struct func { /* a code symbol, to name the function around a call site */
	uint64_t addr, size;
	const char *name;
};

struct slot { /* a GOT slot (or the helper's own entry) that leads to a helper */
	uint64_t addr;
	struct helper *h;
};

struct image {
	const char *path;
	const char *prefix;
	Elf *elf;
	bool has_symtab;
	struct vec helpers; /* struct helper *, sorted by name when reported */
	struct vec funcs;   /* struct func *, sorted by address */
	struct vec slots;   /* struct slot *: GOT slots holding a helper, by address */
	struct vec entries; /* struct slot *: defined helpers' entry points, by address */
	struct vec plts;    /* Elf_Scn * of the .plt* sections */
	csh cs;
};

static const char check_usage[] =
	"usage: cshim check BINARY [--prefix P] [--json]\n"
	"\n"
	"Count the helper calls left in a linked ELF binary (x86-64): for each\n"
	"helper symbol (name starting with P) defined or called in BINARY, the\n"
	"call sites that remain (direct, through the PLT or through the GOT) and\n"
	"the functions that contain them.\n"
	"\n"
	"  --prefix P   helper symbol prefix (default rust_helper_)\n"
	"  --json       print the result as JSON\n"
	"\n"
	"exit status: 0 no call site remains, 1 some remain, 2 usage or unreadable binary\n";

/* ---- symbols ---- */

static struct helper *helper_get(struct image *im, const char *name)
{
	for (size_t i = 0; i < im->helpers.len; i++) {
		struct helper *h = im->helpers.v[i];
		if (!strcmp(h->name, name))
			return h;
	}
	struct helper *h = xmalloc(sizeof *h);
	h->name = xstrdup(name);
	vec_push(&im->helpers, h);
	return h;
}

static void add_slot(struct vec *v, uint64_t addr, struct helper *h)
{
	struct slot *s = xmalloc(sizeof *s);
	s->addr = addr;
	s->h = h;
	vec_push(v, s);
}

static bool is_helper(const struct image *im, const char *name)
{
	return !strncmp(name, im->prefix, strlen(im->prefix)) && name[strlen(im->prefix)];
}

static void read_symbols(struct image *im, Elf_Scn *scn, const GElf_Shdr *sh)
{
	Elf_Data *d = elf_getdata(scn, NULL);
	size_t n = sh->sh_entsize ? sh->sh_size / sh->sh_entsize : 0;
	for (size_t i = 1; d && i < n; i++) {
		GElf_Sym sym;
		if (!gelf_getsym(d, (int)i, &sym))
			continue;
		const char *name = elf_strptr(im->elf, sh->sh_link, sym.st_name);
		int type = GELF_ST_TYPE(sym.st_info);
		bool defined = sym.st_shndx != SHN_UNDEF && sym.st_value != 0;
		if (!name || !*name)
			continue;
		if (type == STT_FUNC && defined) {
			struct func *f = xmalloc(sizeof *f);
			*f = (struct func){sym.st_value, sym.st_size, xstrdup(name)};
			vec_push(&im->funcs, f);
		}
		if ((type == STT_FUNC || (type == STT_NOTYPE && !defined)) && is_helper(im, name)) {
			struct helper *h = helper_get(im, name);
			if (defined && !h->defined) {
				h->defined = true;
				h->addr = sym.st_value;
				h->size = sym.st_size;
			}
		}
	}
}

static struct helper *slot_find(const struct vec *v, uint64_t addr)
{
	size_t lo = 0, hi = v->len;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct slot *s = v->v[mid];
		if (s->addr == addr)
			return s->h;
		if (s->addr < addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static struct helper *helper_at(const struct image *im, uint64_t addr)
{
	return slot_find(&im->entries, addr);
}

static struct helper *slot_helper(const struct image *im, uint64_t addr)
{
	return slot_find(&im->slots, addr);
}

/*
 * GOT slots that hold a helper's address: named by a JUMP_SLOT, GLOB_DAT or
 * 64-bit relocation against the helper's symbol, or by a RELATIVE one whose
 * addend is the helper's address (PIE), or (static executables, no dynamic
 * relocations) already holding the address in the file.
 */
static void read_relocs(struct image *im, Elf_Scn *scn, const GElf_Shdr *sh)
{
	Elf_Data *d = elf_getdata(scn, NULL);
	Elf_Scn *symscn = elf_getscn(im->elf, sh->sh_link);
	GElf_Shdr symsh;
	if (!d || !symscn || !gelf_getshdr(symscn, &symsh) || !sh->sh_entsize)
		return;
	Elf_Data *symd = elf_getdata(symscn, NULL);
	for (size_t i = 0; i < sh->sh_size / sh->sh_entsize; i++) {
		GElf_Rela r;
		GElf_Sym sym;
		if (!gelf_getrela(d, (int)i, &r))
			continue;
		unsigned type = (unsigned)GELF_R_TYPE(r.r_info);
		struct helper *h = NULL;
		if (type == R_X86_64_RELATIVE) {
			h = helper_at(im, (uint64_t)r.r_addend);
		} else if ((type == R_X86_64_JUMP_SLOT || type == R_X86_64_GLOB_DAT || type == R_X86_64_64) &&
			   symd && gelf_getsym(symd, (int)GELF_R_SYM(r.r_info), &sym)) {
			const char *name = elf_strptr(im->elf, symsh.sh_link, sym.st_name);
			if (name && is_helper(im, name))
				h = helper_get(im, name);
		}
		if (h)
			add_slot(&im->slots, r.r_offset, h);
	}
}

static void read_got_words(struct image *im, Elf_Scn *scn, const GElf_Shdr *sh)
{
	Elf_Data *d = elf_getdata(scn, NULL);
	if (!d || !d->d_buf || sh->sh_type != SHT_PROGBITS)
		return;
	for (size_t off = 0; off + 8 <= d->d_size; off += 8) {
		uint64_t v;
		memcpy(&v, (char *)d->d_buf + off, 8);
		struct helper *h = v ? helper_at(im, v) : NULL;
		if (h)
			add_slot(&im->slots, sh->sh_addr + off, h);
	}
}

static const char *section_name(const struct image *im, const GElf_Shdr *sh)
{
	size_t shstrndx;
	if (elf_getshdrstrndx(im->elf, &shstrndx) != 0)
		return "";
	const char *n = elf_strptr(im->elf, shstrndx, sh->sh_name);
	return n ? n : "";
}

static int cmp_func(const void *a, const void *b)
{
	const struct func *x = *(struct func *const *)a, *y = *(struct func *const *)b;
	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	if (x->size != y->size) /* the sized symbol first: it is the one to name */
		return x->size > y->size ? -1 : 1;
	return strcmp(x->name, y->name);
}

static int cmp_slot(const void *a, const void *b)
{
	const struct slot *x = *(struct slot *const *)a, *y = *(struct slot *const *)b;
	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

static void index_entries(struct image *im)
{
	for (size_t i = 0; i < im->helpers.len; i++) {
		struct helper *h = im->helpers.v[i];
		if (h->defined)
			add_slot(&im->entries, h->addr, h);
	}
	vec_sort(&im->entries, cmp_slot);
}

/* Symbols first (the relocations refer to them), then relocations and GOTs. */
static void read_tables(struct image *im)
{
	for (int pass = 0; pass < 2; pass++) {
		if (pass == 1)
			index_entries(im);
		for (Elf_Scn *scn = NULL; (scn = elf_nextscn(im->elf, scn));) {
			GElf_Shdr sh;
			if (!gelf_getshdr(scn, &sh))
				continue;
			const char *name = section_name(im, &sh);
			if (pass == 0 && (sh.sh_type == SHT_SYMTAB || sh.sh_type == SHT_DYNSYM)) {
				im->has_symtab |= sh.sh_type == SHT_SYMTAB;
				read_symbols(im, scn, &sh);
			} else if (pass == 1 && sh.sh_type == SHT_RELA) {
				read_relocs(im, scn, &sh);
			} else if (pass == 1 && (!strcmp(name, ".got") || !strcmp(name, ".got.plt"))) {
				read_got_words(im, scn, &sh);
			} else if (pass == 1 && !strncmp(name, ".plt", 4) && (sh.sh_flags & SHF_EXECINSTR)) {
				vec_push(&im->plts, scn);
			}
		}
	}
	vec_sort(&im->funcs, cmp_func);
	vec_sort(&im->slots, cmp_slot);
}

/* The function containing addr, demangled; NULL if no symbol covers it. */
static const char *func_at(const struct image *im, uint64_t addr)
{
	size_t lo = 0, hi = im->funcs.len;
	while (lo < hi) { /* first function starting after addr */
		size_t mid = lo + (hi - lo) / 2;
		if (((struct func *)im->funcs.v[mid])->addr <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t i = lo; i-- > 0;) {
		const struct func *f = im->funcs.v[i];
		if (addr < f->addr + f->size)
			return f->name;
		if (f->size)
			break;
	}
	return NULL;
}

const char *demangled(const char *name)
{
	char *d = demangle_symbol(name);
	if (!d)
		return name;
	const char *r = xstrdup(d);
	free(d);
	return r;
}

/* ---- code ---- */

static void count_site(struct image *im, struct helper *h, uint64_t at)
{
	if (h->defined && at >= h->addr && at < h->addr + h->size)
		return; /* the helper's own body (a loop back to its entry) */
	const char *fn = func_at(im, at);
	const char *name = fn ? demangled(fn) : xprintf("<no symbol at %#llx>", (unsigned long long)at);
	h->sites++;
	for (size_t i = 0; i < h->callers.len; i++) {
		struct caller *c = h->callers.v[i];
		if (!strcmp(c->name, name)) {
			c->calls++;
			return;
		}
	}
	struct caller *c = xmalloc(sizeof *c);
	*c = (struct caller){name, 1};
	vec_push(&h->callers, c);
}

static uint64_t rip_target(const cs_insn *insn, const cs_x86_op *op)
{
	return insn->address + insn->size + (uint64_t)op->mem.disp;
}

/* The helper a PLT stub at addr jumps to: its first `jmp *slot(%rip)`. */
static struct helper *plt_helper(struct image *im, uint64_t addr)
{
	for (size_t i = 0; i < im->plts.len; i++) {
		GElf_Shdr sh;
		Elf_Data *d = elf_getdata(im->plts.v[i], NULL);
		if (!gelf_getshdr(im->plts.v[i], &sh) || !d || !d->d_buf || addr < sh.sh_addr ||
		    addr - sh.sh_addr >= d->d_size) /* no bytes (SHT_NOBITS), or not in this one */
			continue;
		cs_insn *insn;
		uint64_t off = addr - sh.sh_addr;
		size_t n = cs_disasm(im->cs, (uint8_t *)d->d_buf + off, d->d_size - off, addr, 3, &insn);
		struct helper *h = NULL;
		for (size_t k = 0; k < n && !h; k++) {
			const cs_x86 *x = &insn[k].detail->x86;
			if (insn[k].id == X86_INS_JMP && x->op_count == 1 && x->operands[0].type == X86_OP_MEM &&
			    x->operands[0].mem.base == X86_REG_RIP)
				h = slot_helper(im, rip_target(&insn[k], &x->operands[0]));
		}
		cs_free(insn, n);
		return h;
	}
	return NULL;
}

static bool is_branch(const struct image *im, const cs_insn *insn)
{
	return cs_insn_group(im->cs, insn, CS_GRP_CALL) || cs_insn_group(im->cs, insn, CS_GRP_JUMP);
}

static void scan_insn(struct image *im, const cs_insn *insn)
{
	const cs_x86 *x = &insn->detail->x86;
	for (int i = 0; i < x->op_count; i++) {
		const cs_x86_op *op = &x->operands[i];
		struct helper *h = NULL;
		if (op->type == X86_OP_IMM) {
			/* a branch target, or (non-PIE) the helper's address as an immediate */
			uint64_t t = (uint64_t)op->imm;
			h = helper_at(im, t);
			if (!h && is_branch(im, insn))
				h = plt_helper(im, t);
		} else if (op->type == X86_OP_MEM && op->mem.base == X86_REG_RIP) {
			uint64_t ea = rip_target(insn, op);
			h = slot_helper(im, ea);
			if (!h && insn->id == X86_INS_LEA)
				h = helper_at(im, ea); /* the helper's address taken */
		}
		if (h)
			count_site(im, h, insn->address);
	}
}

static void scan_section(struct image *im, Elf_Scn *scn, const GElf_Shdr *sh)
{
	Elf_Data *d = elf_getdata(scn, NULL);
	if (!d || !d->d_buf)
		return;
	cs_insn *insn = cs_malloc(im->cs);
	const uint8_t *code = d->d_buf;
	size_t size = d->d_size;
	uint64_t addr = sh->sh_addr;
	while (size > 0) {
		if (cs_disasm_iter(im->cs, &code, &size, &addr, insn)) {
			scan_insn(im, insn);
		} else { /* data or padding that does not decode: step over one byte */
			code++;
			size--;
			addr++;
		}
	}
	cs_free(insn, 1);
}

static void scan_code(struct image *im)
{
	for (Elf_Scn *scn = NULL; (scn = elf_nextscn(im->elf, scn));) {
		GElf_Shdr sh;
		if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_PROGBITS || !(sh.sh_flags & SHF_EXECINSTR))
			continue;
		if (strncmp(section_name(im, &sh), ".plt", 4) != 0) /* stubs are not call sites */
			scan_section(im, scn, &sh);
	}
}

/* ---- report ---- */

static int cmp_helper(const void *a, const void *b)
{
	return strcmp((*(struct helper *const *)a)->name, (*(struct helper *const *)b)->name);
}

static int cmp_caller(const void *a, const void *b)
{
	return strcmp((*(struct caller *const *)a)->name, (*(struct caller *const *)b)->name);
}

static const char *plural(unsigned n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

static void report_text(const struct image *im, unsigned total, unsigned with_sites)
{
	if (!im->helpers.len) {
		printf("cshim check: no helper symbols (prefix %s) in %s: nothing left to inline\n", im->prefix,
		       im->path);
		return;
	}
	for (size_t i = 0; i < im->helpers.len; i++) {
		const struct helper *h = im->helpers.v[i];
		const char *where = h->defined ? "" : " (not defined in this binary)";
		if (!h->sites) {
			printf("%s: inlined (no call sites)%s\n", h->name, where);
			continue;
		}
		printf("%s: %u %s%s:", h->name, h->sites, plural(h->sites, "call site", "call sites"), where);
		for (size_t k = 0; k < h->callers.len; k++) {
			const struct caller *c = h->callers.v[k];
			printf("%s %s (%u)", k ? "," : "", c->name, c->calls);
		}
		putchar('\n');
	}
	size_t n = im->helpers.len;
	if (!total)
		printf("cshim check: %zu %s, no residual call sites\n", n, n == 1 ? "helper" : "helpers");
	else
		printf("cshim check: %zu %s, %u residual %s in %u %s\n", n, n == 1 ? "helper" : "helpers", total,
		       plural(total, "call site", "call sites"), with_sites, plural(with_sites, "helper", "helpers"));
}

static void report_json(const struct image *im, unsigned total)
{
	struct buf b = {0};
	buf_add(&b, "{\n  \"binary\": ");
	buf_json_str(&b, im->path);
	buf_add(&b, ",\n  \"prefix\": ");
	buf_json_str(&b, im->prefix);
	buf_add(&b, ",\n  \"helpers\": [");
	for (size_t i = 0; i < im->helpers.len; i++) {
		const struct helper *h = im->helpers.v[i];
		buf_add(&b, i ? ",\n    {\"name\": " : "\n    {\"name\": ");
		buf_json_str(&b, h->name);
		buf_addf(&b, ", \"defined\": %s, \"call_sites\": %u, \"callers\": [", h->defined ? "true" : "false",
			 h->sites);
		for (size_t k = 0; k < h->callers.len; k++) {
			const struct caller *c = h->callers.v[k];
			buf_add(&b, k ? ", {\"function\": " : "{\"function\": ");
			buf_json_str(&b, c->name);
			buf_addf(&b, ", \"calls\": %u}", c->calls);
		}
		buf_add(&b, "]}");
	}
	buf_addf(&b, "%s],\n  \"residual_call_sites\": %u\n}\n", im->helpers.len ? "\n  " : "", total);
	fputs(b.s, stdout);
}

/* ---- command ---- */

static int check_open(struct image *im, int fd)
{
	if (elf_version(EV_CURRENT) == EV_NONE)
		return error("libelf: %s", elf_errmsg(-1));
	im->elf = elf_begin(fd, ELF_C_READ, NULL);
	GElf_Ehdr eh;
	if (!im->elf || elf_kind(im->elf) != ELF_K_ELF || !gelf_getehdr(im->elf, &eh))
		return error("%s: not an ELF file%s%s", im->path, im->elf ? "" : ": ", im->elf ? "" : elf_errmsg(-1));
	if (eh.e_type == ET_REL)
		return error("%s: an object file, not a linked binary: its calls are not resolved yet", im->path);
	if (eh.e_ident[EI_CLASS] != ELFCLASS64 || eh.e_machine != EM_X86_64)
		return error("%s: only x86-64 ELF binaries can be checked (e_machine %u)", im->path, eh.e_machine);
	size_t shnum;
	if (elf_getshdrnum(im->elf, &shnum) != 0 || elf_getshdrstrndx(im->elf, &shnum) != 0)
		return error("%s: unreadable section headers: %s", im->path, elf_errmsg(-1));
	if (cs_open(CS_ARCH_X86, CS_MODE_64, &im->cs) != CS_ERR_OK)
		return error("capstone: cannot open the x86-64 disassembler");
	cs_option(im->cs, CS_OPT_DETAIL, CS_OPT_ON);
	return 0;
}

static int check_args(struct image *im, bool *json, int argc, char **argv)
{
	im->prefix = "rust_helper_";
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			fputs(check_usage, stdout);
			return EXIT_OK;
		} else if (!strcmp(a, "--json")) {
			*json = true;
		} else if (!strcmp(a, "--prefix") || !strncmp(a, "--prefix=", 9)) {
			const char *v = a[8] == '=' ? a + 9 : (i + 1 < argc ? argv[++i] : NULL);
			if (!v || !*v)
				return error("check: --prefix needs a non-empty value"), EXIT_USAGE;
			im->prefix = v;
		} else if (a[0] == '-' && a[1]) {
			return error("check: unknown option '%s' (try 'cshim check --help')", a), EXIT_USAGE;
		} else if (im->path) {
			return error("check: one BINARY only ('%s' and '%s')", im->path, a), EXIT_USAGE;
		} else {
			im->path = a;
		}
	}
	if (!im->path)
		return error("check: no BINARY given (try 'cshim check --help')"), EXIT_USAGE;
	return -1;
}

int cmd_check(int argc, char **argv)
{
	struct image im = {0};
	bool json = false;
	int r = check_args(&im, &json, argc, argv);
	if (r >= 0)
		return r;
	if (file_readable(im.path) < 0)
		return EXIT_USAGE;
	int fd = open(im.path, O_RDONLY);
	if (fd < 0)
		return error("%s: %s", im.path, strerror(errno)), EXIT_USAGE;
	r = check_open(&im, fd);
	if (r == 0) {
		read_tables(&im);
		if (!im.has_symtab)
			r = error("%s: no symbol table (stripped?): helpers defined in it cannot be seen", im.path);
	}
	if (r == 0)
		scan_code(&im);
	if (im.cs)
		cs_close(&im.cs);
	elf_end(im.elf);
	close(fd);
	if (r < 0)
		return EXIT_USAGE;

	unsigned total = 0, with_sites = 0;
	vec_sort(&im.helpers, cmp_helper);
	for (size_t i = 0; i < im.helpers.len; i++) {
		struct helper *h = im.helpers.v[i];
		vec_sort(&h->callers, cmp_caller);
		total += h->sites;
		with_sites += h->sites > 0;
	}
	if (json)
		report_json(&im, total);
	else
		report_text(&im, total, with_sites);
	return total ? EXIT_FAIL : EXIT_OK;
}
