/*
 * emit_report.c: outputs for people and build systems: the scan report and
 * the make-style dependency file.
 *
 * The scan report is one compiler-style line per item, FILE:LINE:COL: NAME:
 * STATUS, so editors can jump to each function, and a closing count.
 */
#include "cshim.h"

#include <string.h>

void emit_scan_report(const struct inventory *inv, struct buf *b)
{
	size_t helpers = 0, consts = 0, needs = 0, skipped = 0;
	for (size_t i = 0; i < inv->items.len; i++) {
		struct item *it = inv->items.v[i];
		buf_addf(b, "%s:%u:%u: %s: ", it->file, it->line, it->col, it->name);
		if (has_helper(it)) {
			helpers++;
			buf_addf(b, "wrapped as %s%s\n", it->helper, it->spec ? " (spec line)" : "");
		} else if (is_constant(it) && it->const_symbol) {
			consts++;
			buf_addf(b, "constant, exported as %s: %s\n", it->const_symbol, it->rust_ret);
		} else if (is_constant(it)) {
			consts++;
			buf_addf(b, "constant %s = %s\n", it->rust_ret, it->const_value);
		} else if (it->status == ST_NEEDS_SIG) {
			needs++;
			buf_addf(b, "needs a signature: add a spec line such as `%s`\n", it->reason);
		} else {
			skipped++;
			buf_addf(b, "skipped: %s\n", it->reason);
		}
	}
	buf_addf(b, "cshim scan: %zu items: %zu wrapped, %zu constants, %zu need a signature, %zu skipped\n",
		 inv->items.len, helpers, consts, needs, skipped);
}

/* Make's quoting: spaces and '#' get a backslash, '$' doubles. */
static void make_quote(struct buf *b, const char *s)
{
	for (; *s; s++) {
		if (*s == ' ' || *s == '#')
			buf_addc(b, '\\');
		else if (*s == '$')
			buf_addc(b, '$');
		buf_addc(b, *s);
	}
}

void emit_depfile(const struct options *o, const struct inventory *inv, struct buf *b)
{
	const char *targets[] = {o->out_c, o->out_h, o->out_rust, o->out_json};
	bool first = true;
	for (size_t i = 0; i < sizeof targets / sizeof *targets; i++) {
		if (!targets[i] || !strcmp(targets[i], "-"))
			continue;
		buf_add(b, first ? "" : " ");
		make_quote(b, targets[i]);
		first = false;
	}
	buf_add(b, ":");
	for (size_t i = 0; i < inv->deps.len; i++) {
		buf_add(b, " \\\n  ");
		make_quote(b, inv->deps.v[i]);
	}
	buf_add(b, "\n");
	/* A rule per header, so that make does not fail when one is deleted. */
	for (size_t i = 0; i < inv->deps.len; i++) {
		buf_add(b, "\n");
		make_quote(b, inv->deps.v[i]);
		buf_add(b, ":\n");
	}
}
