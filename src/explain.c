/*
 * explain.c: cshim explain, the reason a helper was not inlined.
 *
 * cshim check proves that a call to a helper is left; LLVM knows why.  With
 * remarks enabled at link time (cshim flags --remarks DIR), the LTO inliner
 * writes one YAML remark per decision.  This command reads them
 * (remarks.c), optionally reads the helpers' own attributes from their
 * bitcode (bitcode.c, to tell "conflicting attributes" and "definition
 * unavailable" apart into their real causes), and prints per helper either
 * "inlined everywhere" or the call sites left, grouped by reason, each
 * classified:
 *
 *   benign  a mismatch that __rust_helper's always_inline safely overrides
 *           (null-pointer-check semantics, no-builtin lists);
 *   hazard  inlining would be wrong, or was forced although wrong (target
 *           features the Rust code is not built for, sanitizers);
 *   build   the build kept the definition out of reach (not bitcode, -O0,
 *           noinline, not imported by ThinLTO);
 *   cost    LLVM's cost model declined;
 *   caller  the Rust side forbids it (an optnone caller, a noinline call);
 *   unknown a reason cshim does not classify,
 *
 * with the flag to change and on which side.  ThinLTO can report the same
 * call in several partitions, so a call site reported n times in one file
 * and m times in another counts max(n, m) times.
 */
#define _POSIX_C_SOURCE 200809L /* strtok_r */
#include "cshim.h"
#include "explain.h"

#include <stdlib.h>
#include <string.h>

struct explanation {
	const char *klass; /* benign, hazard, build, cost, caller, unknown */
	const char *why, *fix;
};

/* One call site (or several alike), counted per input as described above. */
struct site {
	const struct decision *dn;
	unsigned input, in_input, count;
};

struct caller {
	const char *name; /* demangled */
	unsigned sites;
};

/* The call sites of one helper that share LLVM's reason and a class (the cost numbers may differ). */
struct group {
	const char *reason, *remark;
	bool inlined;
	struct explanation ex; /* the first site's; klass NULL: inlined, nothing to say */
	struct vec callers;    /* struct caller * */
};

struct helper {
	const char *name;
	unsigned inlined, missed;
	bool hazard;
	struct vec groups; /* struct group * */
};

struct explain {
	const char *prefix;
	bool json;
	const char *rustflags;      /* --rustflags: how the Rust code is built, or NULL */
	struct strset rust_features; /* LLVM names of the features the Rust code may use */
	struct vec inputs, bitcode_files; /* char * */
	struct remarks rm;
	struct bitcode bc;
	struct vec helpers; /* struct helper *, by name */
};

static const char explain_usage[] =
	"usage: cshim explain [--prefix P] [--json] [--bitcode FILE]... REMARKS...\n"
	"\n"
	"Say why helpers were not inlined, from the LLVM optimization remarks of the\n"
	"LTO link (YAML; a directory means every file in it: lld writes one file per\n"
	"ThinLTO partition).  Get them with `cshim flags --remarks DIR`.  Per helper:\n"
	"inlined everywhere, or the call sites left with LLVM's reason, classified\n"
	"benign (always_inline overrides it safely), hazard (inlining is wrong),\n"
	"build, cost, caller or unknown, and the flag to change on which side.\n"
	"\n"
	"  --prefix P      helper symbol prefix (default rust_helper_)\n"
	"  --json          print the result as JSON\n"
	"  --bitcode FILE  the helpers' objects or archive as linked (LLVM bitcode):\n"
	"                  their attributes tell the reasons apart; repeatable\n"	"  --rustflags WORDS  the rustc flags of the Rust build (-Ctarget-cpu=...,\n"
	"                  -Ctarget-feature=...): without them the Rust code is taken\n"
	"                  to be built for baseline x86-64 when judging target features\n"
	"\n"
	"exit status: 0 all inlined and no hazard, 1 otherwise, 2 usage error or\n"
	"unreadable, malformed or empty remarks\n";

static int parse_args(struct explain *e, int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			fputs(explain_usage, stdout);
			return EXIT_OK;
		}
		if (!strcmp(a, "--json")) {
			e->json = true;
		} else if (!strcmp(a, "--prefix") || !strcmp(a, "--bitcode") || !strcmp(a, "--rustflags")) {
			if (i + 1 >= argc || (!*argv[i + 1] && strcmp(a, "--rustflags"))) {
				error("explain: %s needs a value", a);
				return EXIT_USAGE;
			}
			if (!strcmp(a, "--prefix"))
				e->prefix = argv[++i];
			else if (!strcmp(a, "--rustflags"))
				e->rustflags = argv[++i];
			else
				vec_push(&e->bitcode_files, argv[++i]);
		} else if (a[0] == '-' && a[1]) {
			error("explain: unknown option '%s' (try 'cshim explain --help')", a);
			return EXIT_USAGE;
		} else {
			vec_push(&e->inputs, (void *)a);
		}
	}
	if (!e->inputs.len) {
		error("explain: no REMARKS file given (try 'cshim explain --help')");
		return EXIT_USAGE;
	}
	return -1;
}

/* ---- classification ---- */

static char *join(const struct vec *v, const char *sep, const char *each)
{
	struct buf b = {0};
	for (size_t i = 0; i < v->len; i++)
		buf_addf(&b, "%s%s%s", i ? sep : "", each, (const char *)v->v[i]);
	return b.s ? b.s : xstrdup("");
}

/*
 * rustc's names for x86 features where LLVM's differ (rustc's
 * to_llvm_features); rustc's sse4.2 also enables LLVM's crc32.
 */
static const char *const rust_to_llvm[][3] = {
	{"sse4.2", "sse4.2", "crc32"}, {"pclmulqdq", "pclmul", NULL}, {"rdrand", "rdrnd", NULL},
	{"bmi1", "bmi", NULL},         {"cmpxchg16b", "cx16", NULL},  {"lahfsahf", "sahf", NULL},
};

/* The target features `rustc --print cfg RUSTFLAGS` says the Rust code is built with, by LLVM's names. */
static int read_rust_features(struct explain *e)
{
	const char *rustc = getenv("RUSTC") && *getenv("RUSTC") ? getenv("RUSTC") : "rustc";
	int status;
	char *out = run_capture(xprintf("%s --print cfg %s 2>&1", rustc, e->rustflags), &status);
	if (!out || status != 0)
		return error("explain: `%s --print cfg %s` failed:\n%s", rustc, e->rustflags, out ? out : "");
	char *save = NULL;
	for (char *l = strtok_r(out, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		if (strncmp(l, "target_feature=\"", 16))
			continue;
		char *f = xstrndup(l + 16, strcspn(l + 16, "\""));
		strset_add(&e->rust_features, f);
		for (size_t i = 0; i < sizeof rust_to_llvm / sizeof *rust_to_llvm; i++)
			for (int j = 1; j < 3 && !strcmp(f, rust_to_llvm[i][0]); j++)
				if (rust_to_llvm[i][j])
					strset_add(&e->rust_features, rust_to_llvm[i][j]);
	}
	return 0;
}

/* The helper's features beyond x86-64's baseline that the Rust code is not built with. */
static struct vec missing_features(const struct explain *e, const struct fnattrs *a)
{
	struct vec v = {0};
	for (size_t i = 0; i < a->extra_features.len; i++) {
		const char *f = (const char *)a->extra_features.v[i] + 1; /* past the '+' */
		if (!strset_has(&e->rust_features, f))
			vec_push(&v, a->extra_features.v[i]);
	}
	return v;
}

static struct explanation features_hazard(const struct explain *e, const struct vec *missing, bool forced)
{
	char *f = join(missing, ",", "");
	return (struct explanation){
		"hazard",
		xprintf("the helper was compiled for target features that the Rust code is not built for (%s%s); %s: its "
			"code would run inside Rust code meant for CPUs without them, and fault there with an illegal "
			"instruction",
			f, e->rustflags ? xprintf(", by rustc %s", e->rustflags) : ", Rust assumed baseline x86-64: give --rustflags",
			forced ? "always_inline forced it in past LLVM's check" : "LLVM refuses to inline it, rightly"),
		xprintf("C side: build the helpers for the target the Rust code is built for (drop the -m.../-march= "
			"flags that enable %s); or Rust side: -Ctarget-feature=%s (or a -Ctarget-cpu that has them) if "
			"every machine that runs the program has them%s",
			f, f, forced ? "" : "; do not force it with always_inline")};
}

static struct explanation sanitizer_hazard(const struct fnattrs *a)
{
	char *s = join(&a->sanitizers, ",", "");
	return (struct explanation){
		"hazard",
		xprintf("the helper is instrumented by -fsanitize=%s and the Rust caller is not: inlining would mix "
			"instrumented and uninstrumented code in one function", s),
		xprintf("build both sides with the same sanitizers: C side: drop -fsanitize=%s from the helpers; or "
			"Rust side: -Zsanitizer=%s (nightly)", s, s)};
}

/* An inlined call is only worth a word when always_inline forced something wrong. */
static struct explanation inlined(const struct explain *e, const struct decision *dn, const struct fnattrs *a)
{
	if (a && strcmp(dn->name ? dn->name : "", "AlwaysInline") == 0) {
		struct vec missing = missing_features(e, a);
		if (missing.len)
			return features_hazard(e, &missing, true);
		if (a->sanitizers.len)
			return sanitizer_hazard(a);
	}
	return (struct explanation){0};
}

static const struct explanation build_O0 = {
	"build",
	"the helper was compiled at -O0 (optnone noinline): ThinLTO does not import it and LLVM never inlines it",
	"C side: build the helpers with -O2 ($(cshim flags --cflags)), or annotate them __rust_helper (clang does "
	"not make always_inline functions optnone)"};

static const struct explanation build_noinline = {
	"build", "the helper is marked noinline (__attribute__((noinline)), or by -O0, which marks every function so)",
	"C side: remove noinline from the helper and build it with -O2; __rust_helper (always_inline) is what a helper "
	"wants"};

static struct explanation not_imported(void)
{
	return (struct explanation){
		"cost",
		"the helper is in the bitcode, but ThinLTO did not import it into the caller's module: its body is "
		"above the import size limit (100 instructions) and it is not always_inline",
		"C side: annotate the helper __rust_helper (always_inline helpers are imported whatever their size); "
		"or at link time raise the limit: -Clink-arg=-Wl,--plugin-opt=-import-instr-limit=N"};
}

/* NoDefinition: the bitcode, when given, tells which of the possible causes it is. */
static struct explanation no_definition(const struct explain *e, const struct fnattrs *a)
{
	if (!e->bc.files)
		return (struct explanation){
			"build",
			"LTO had no definition of the helper to inline: the helpers were not compiled to LLVM bitcode "
			"(gcc, or clang without -flto), or ThinLTO did not import it into the caller's module (noinline "
			"or optnone, e.g. built at -O0, or too large without always_inline)",
			"C side: build the helpers with $(cshim flags --cc) $(cshim flags --cflags) and annotate them "
			"__rust_helper; give --bitcode with the helpers' objects to tell which"};
	if (!a && e->bc.not_bitcode.len)
		return (struct explanation){
			"build",
			xprintf("the helper is not in LLVM bitcode: %s %s machine code, compiled without -flto (or by gcc)",
				join(&e->bc.not_bitcode, ", ", ""), e->bc.not_bitcode.len > 1 ? "are" : "is"),
			"C side: compile the helpers with $(cshim flags --cc) $(cshim flags --cflags)"};
	if (!a)
		return (struct explanation){
			"build", "the helper is defined in none of the --bitcode files, so LTO had no body for it",
			"C side: compile the helper with -flto=thin and link that object or archive"};
	if (a->optnone)
		return build_O0;
	if (a->noinline)
		return build_noinline;
	return not_imported();
}

static struct explanation no_builtins(const struct fnattrs *a)
{
	char *what = a->no_builtins ? xstrdup("-fno-builtin") : join(&a->no_builtin, " ", "-fno-builtin-");
	return (struct explanation){
		"benign",
		xprintf("the helper was compiled with %s and the Rust caller has no such list; LLVM wants the lists "
			"equal, but once inlined the helper's code is only optimised with the caller's builtins", what),
		xprintf("C side: annotate the helper __rust_helper (always_inline overrides this check), or build the "
			"helpers without %s", what)};
}

/* "conflicting attributes": the helper's attributes say which. */
static struct explanation conflicting(const struct explain *e, const struct fnattrs *a)
{
	struct vec missing = a ? missing_features(e, a) : (struct vec){0};
	if (missing.len)
		return features_hazard(e, &missing, false);
	if (a && a->sanitizers.len)
		return sanitizer_hazard(a);
	if (a && (a->no_builtins || a->no_builtin.len))
		return no_builtins(a);
	return (struct explanation){
		"unknown",
		a ? "an attribute that must match differs, and it is none of target features, sanitizers and "
		    "no-builtin lists (denormal-fp-math or strictfp?)"
		  : "an attribute that must match differs: target features (hazard), sanitizers (hazard) or no-builtin "
		    "lists (benign, -fno-builtin)",
		a ? "compare the attributes of both sides in `llvm-dis` output"
		  : "give --bitcode with the helpers' objects to tell which"};
}

/* Reasons whose explanation needs no attributes. */
static const struct {
	const char *reason;
	struct explanation ex;
} fixed[] = {
	{"nullptr definitions incompatible",
	 {"benign",
	  "the helper treats null as a valid address (built with -fno-delete-null-pointer-checks) and the Rust caller "
	  "does not; a hardening flag that does not change the ABI, and once inlined the code follows the caller's "
	  "rules",
	  "C side: annotate the helper __rust_helper (always_inline overrides this check), or build the helpers "
	  "without -fno-delete-null-pointer-checks"}},
	{"noinline call site attribute",
	 {"caller", "the call itself is marked noinline by the caller",
	  "Rust side: find what marks the call noinline (the caller's code generation options)"}},
	{"optnone attribute",
	 {"caller", "the Rust caller is optnone: it was compiled without optimisation",
	  "Rust side: build with -O (opt-level 1 or more)"}},
	{"interposable",
	 {"build", "the helper may be replaced at load time (a preemptible symbol in a shared object)",
	  "C side: link the helpers statically into the program, or give them hidden visibility"}},
};

static struct explanation too_costly(const struct decision *dn)
{
	return (struct explanation){
		"cost",
		xprintf("LLVM's cost model declined: inlining costs more than its threshold (cost %s, threshold %s at "
			"one of the sites)", dn->cost ? dn->cost : "?", dn->threshold ? dn->threshold : "?"),
		"C side: annotate the helper __rust_helper (always_inline is not subject to the cost model), if the "
		"body is worth copying into every caller"};
}

static struct explanation classify(const struct explain *e, const struct decision *dn)
{
	const struct fnattrs *a = bitcode_lookup(&e->bc, dn->callee);
	const char *name = dn->name ? dn->name : "";
	if (dn->inlined)
		return inlined(e, dn, a);
	if (!strcmp(name, "NoDefinition"))
		return no_definition(e, a);
	if (!strcmp(dn->reason, "conflicting attributes"))
		return conflicting(e, a);
	if (!strcmp(dn->reason, "noinline function attribute"))
		return a && a->optnone ? build_O0 : build_noinline;
	for (size_t i = 0; i < sizeof fixed / sizeof *fixed; i++)
		if (!strcmp(dn->reason, fixed[i].reason))
			return fixed[i].ex;
	if (!strcmp(name, "TooCostly") || strstr(dn->reason, "cost"))
		return too_costly(dn);
	return (struct explanation){"unknown", "a reason cshim does not classify (LLVM's words above)",
				    "see `cshim check` for whether the call is left"};
}

/* ---- joining decisions into helpers ---- */

static bool same(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

/* The same call site in the sense of the file comment: same helper, caller, place and decision. */
static bool same_site(const struct decision *a, const struct decision *b)
{
	return a->inlined == b->inlined && same(a->callee, b->callee) && same(a->caller, b->caller) &&
	       same(a->loc, b->loc) && same(a->reason, b->reason) && same(a->name, b->name);
}

static void count_sites(const struct vec *decisions, struct vec *sites)
{
	for (size_t i = 0; i < decisions->len; i++) {
		const struct decision *dn = decisions->v[i];
		struct site *s = NULL;
		for (size_t j = 0; j < sites->len && !s; j++)
			if (same_site(((struct site *)sites->v[j])->dn, dn))
				s = sites->v[j];
		if (!s) {
			s = xmalloc(sizeof *s);
			*s = (struct site){dn, dn->input, 0, 0};
			vec_push(sites, s);
		}
		if (s->input != dn->input)
			*s = (struct site){s->dn, dn->input, 0, s->count};
		if (++s->in_input > s->count)
			s->count = s->in_input;
	}
}

static struct helper *helper_get(struct vec *helpers, const char *name)
{
	for (size_t i = 0; i < helpers->len; i++)
		if (!strcmp(((struct helper *)helpers->v[i])->name, name))
			return helpers->v[i];
	struct helper *h = xmalloc(sizeof *h);
	h->name = name;
	vec_push(helpers, h);
	return h;
}

static struct group *group_get(struct helper *h, const struct decision *dn, const struct explanation *ex)
{
	for (size_t i = 0; i < h->groups.len; i++) {
		struct group *g = h->groups.v[i];
		if (g->inlined == dn->inlined && same(g->reason, dn->reason) && same(g->ex.klass, ex->klass))
			return g;
	}
	struct group *g = xmalloc(sizeof *g);
	*g = (struct group){dn->reason, dn->name, dn->inlined, *ex, {0}};
	vec_push(&h->groups, g);
	return g;
}

static void add_caller(struct group *g, const char *caller, unsigned n)
{
	const char *name = caller ? demangled(caller) : "?";
	for (size_t i = 0; i < g->callers.len; i++) {
		struct caller *c = g->callers.v[i];
		if (!strcmp(c->name, name)) {
			c->sites += n;
			return;
		}
	}
	struct caller *c = xmalloc(sizeof *c);
	*c = (struct caller){name, n};
	vec_push(&g->callers, c);
}

static int cmp_helper(const void *a, const void *b)
{
	return strcmp((*(struct helper *const *)a)->name, (*(struct helper *const *)b)->name);
}

static void join_helpers(struct explain *e)
{
	struct vec sites = {0};
	count_sites(&e->rm.decisions, &sites);
	for (size_t i = 0; i < sites.len; i++) {
		const struct site *s = sites.v[i];
		struct helper *h = helper_get(&e->helpers, s->dn->callee);
		struct explanation ex = classify(e, s->dn);
		*(s->dn->inlined ? &h->inlined : &h->missed) += s->count;
		h->hazard |= ex.klass && !strcmp(ex.klass, "hazard");
		add_caller(group_get(h, s->dn, &ex), s->dn->caller, s->count);
	}
	vec_sort(&e->helpers, cmp_helper);
}

/* ---- report ---- */

static const char *plural(unsigned n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

static void report_group(const struct group *g, struct buf *b)
{
	buf_addf(b, "  %s:", g->reason);
	for (size_t i = 0; i < g->callers.len; i++) {
		const struct caller *c = g->callers.v[i];
		buf_addf(b, "%s %s (%u)", i ? "," : "", c->name, c->sites);
	}
	buf_addf(b, "\n    %s: %s\n    fix: %s\n", g->ex.klass, g->ex.why, g->ex.fix);
}

static void report_helper(const struct helper *h, struct buf *b)
{
	unsigned all = h->inlined + h->missed;
	if (!h->missed && !h->hazard)
		buf_addf(b, "%s: inlined everywhere (%u call %s)\n", h->name, all, plural(all, "site", "sites"));
	else if (!h->missed)
		buf_addf(b, "%s: inlined at %u call %s, with a hazard\n", h->name, all, plural(all, "site", "sites"));
	else
		buf_addf(b, "%s: not inlined at %u of %u call %s\n", h->name, h->missed, all, plural(all, "site", "sites"));
	for (size_t i = 0; i < h->groups.len; i++) {
		const struct group *g = h->groups.v[i];
		if (g->ex.klass)
			report_group(g, b);
	}
}

static void report_text(const struct explain *e, unsigned missed, unsigned hazards, struct buf *b)
{
	unsigned not_inlined = 0;
	for (size_t i = 0; i < e->helpers.len; i++) {
		const struct helper *h = e->helpers.v[i];
		report_helper(h, b);
		not_inlined += h->missed > 0;
	}
	size_t n = e->helpers.len;
	buf_addf(b, "cshim explain: %zu %s", n, plural((unsigned)n, "helper", "helpers"));
	if (!missed && !hazards)
		buf_add(b, ", all inlined everywhere");
	if (missed)
		buf_addf(b, ", %u not inlined at %u call %s", not_inlined, missed, plural(missed, "site", "sites"));
	if (hazards)
		buf_addf(b, ", %u with a hazard", hazards);
	buf_addc(b, '\n');
}

static void json_group(const struct group *g, struct buf *b)
{
	buf_add(b, "{\"reason\": ");
	buf_json_str(b, g->reason);
	buf_add(b, ", \"remark\": ");
	buf_json_str(b, g->remark);
	buf_addf(b, ", \"inlined\": %s, \"class\": ", g->inlined ? "true" : "false");
	buf_json_str(b, g->ex.klass);
	buf_add(b, ", \"why\": ");
	buf_json_str(b, g->ex.why);
	buf_add(b, ", \"fix\": ");
	buf_json_str(b, g->ex.fix);
	buf_add(b, ", \"callers\": [");
	for (size_t i = 0; i < g->callers.len; i++) {
		const struct caller *c = g->callers.v[i];
		buf_add(b, i ? ", {\"function\": " : "{\"function\": ");
		buf_json_str(b, c->name);
		buf_addf(b, ", \"sites\": %u}", c->sites);
	}
	buf_add(b, "]}");
}

static void report_json(const struct explain *e, unsigned missed, unsigned hazards, struct buf *b)
{
	buf_add(b, "{\"prefix\": ");
	buf_json_str(b, e->prefix);
	buf_add(b, ", \"remarks\": [");
	for (size_t i = 0; i < e->rm.files.len; i++) {
		buf_add(b, i ? ", " : "");
		buf_json_str(b, e->rm.files.v[i]);
	}
	buf_add(b, "],\n \"helpers\": [");
	for (size_t i = 0; i < e->helpers.len; i++) {
		const struct helper *h = e->helpers.v[i];
		buf_add(b, i ? ",\n  {\"name\": " : "\n  {\"name\": ");
		buf_json_str(b, h->name);
		buf_addf(b, ", \"inlined_sites\": %u, \"not_inlined_sites\": %u, \"hazard\": %s, \"findings\": [",
			 h->inlined, h->missed, h->hazard ? "true" : "false");
		for (size_t j = 0; j < h->groups.len; j++) {
			buf_add(b, j ? ",\n    " : "\n    ");
			json_group(h->groups.v[j], b);
		}
		buf_add(b, "]}");
	}
	buf_addf(b, "],\n \"not_inlined_sites\": %u, \"hazards\": %u}\n", missed, hazards);
}

int cmd_explain(int argc, char **argv)
{
	struct explain e = {.prefix = DEFAULT_PREFIX};
	int r = parse_args(&e, argc, argv);
	if (r >= 0)
		return r;
	if (remarks_read(&e.rm, (const char *const *)e.inputs.v, e.inputs.len, e.prefix) < 0)
		return EXIT_USAGE;
	if (!e.rm.documents) {
		error("no remarks in %s: was the program linked with the flags of `cshim flags --remarks DIR`, "
		      "with LTO (-Clinker-plugin-lto) and at opt-level 1 or more?",
		      join(&e.rm.files, ", ", ""));
		return EXIT_USAGE;
	}
	for (size_t i = 0; i < e.bitcode_files.len; i++)
		if (bitcode_read(&e.bc, e.bitcode_files.v[i], e.prefix) < 0)
			return EXIT_USAGE;
	if (e.rustflags && read_rust_features(&e) < 0)
		return EXIT_USAGE;
	join_helpers(&e);
	unsigned missed = 0, hazards = 0;
	for (size_t i = 0; i < e.helpers.len; i++) {
		const struct helper *h = e.helpers.v[i];
		missed += h->missed;
		hazards += h->hazard;
	}
	struct buf out = {0};
	if (e.json)
		report_json(&e, missed, hazards, &out);
	else if (!e.helpers.len)
		buf_addf(&out, "cshim explain: no inline remark names a helper (prefix %s): no call of a helper reached "
			 "the inliner\n", e.prefix);
	else
		report_text(&e, missed, hazards, &out);
	fputs(out.s, stdout);
	return missed || hazards ? EXIT_FAIL : EXIT_OK;
}
