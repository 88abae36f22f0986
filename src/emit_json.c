/*
 * emit_json.c: the inventory as JSON (gen --json, scan --json).
 *
 * One object per item, in inventory order (sorted by name), with the same
 * facts the text report gives plus the helper's C and Rust signatures.  The
 * layout is stable: tools may parse it.
 */
#include "cshim.h"

static void json_item(struct buf *b, const struct item *it)
{
	static const char *const kinds[] = {"inline-function", "macro", "constant"};
	static const char *const statuses[] = {"wrapped", "skipped", "needs-signature"};
	bool ok = has_helper(it);
	buf_addf(b, "    {\"kind\": \"%s\", \"name\": ", kinds[it->kind]);
	buf_json_str(b, it->name);
	buf_add(b, ", \"file\": ");
	buf_json_str(b, it->file);
	buf_addf(b, ", \"line\": %u, \"column\": %u,\n     \"signature\": ", it->line, it->col);
	buf_json_str(b, it->c_signature);
	buf_addf(b, ", \"status\": \"%s\", \"reason\": ", statuses[it->status]);
	buf_json_str(b, it->reason);
	buf_add(b, ",\n     \"helper\": ");
	buf_json_str(b, ok ? it->helper : NULL);
	buf_add(b, ", \"helper_signature\": ");
	buf_json_str(b, ok ? it->helper_decl : NULL);
	buf_add(b, ", \"rust\": ");
	buf_json_str(b, ok ? rust_fn_signature(it) : NULL);
	if (ok) {
		buf_add(b, ",\n     \"params\": [");
		for (size_t i = 0; i < it->nparams; i++) {
			const struct param *pm = &it->params[i];
			buf_add(b, i ? ", {\"name\": " : "{\"name\": ");
			buf_json_str(b, pm->name);
			buf_add(b, ", \"c_type\": ");
			buf_json_str(b, pm->c_type);
			buf_add(b, ", \"rust_type\": ");
			buf_json_str(b, pm->rust_type);
			buf_addf(b, ", \"class\": \"%s\"}", pm->cls);
		}
		buf_add(b, "], \"rust_return\": ");
		buf_json_str(b, it->rust_ret);
		buf_addf(b, ", \"return_class\": \"%s\"", it->ret_cls);
	}
	if (it->kind == KIND_CONST) {
		buf_add(b, ",\n     \"rust_type\": ");
		buf_json_str(b, is_constant(it) ? it->rust_ret : NULL);
		buf_add(b, ", \"value\": ");
		buf_json_str(b, is_constant(it) ? it->const_value : NULL);
		buf_add(b, ", \"symbol\": ");
		buf_json_str(b, is_constant(it) ? it->const_symbol : NULL);
	}
	if (it->spec) {
		buf_add(b, ", \"spec\": ");
		buf_json_str(b, it->spec);
	}
	buf_add(b, "}");
}

void emit_json(const struct options *o, const struct inventory *inv, struct buf *b)
{
	size_t wrapped = 0;
	buf_addf(b, "{\n  \"cshim\": \"%s\",\n  \"prefix\": ", CSHIM_VERSION);
	buf_json_str(b, o->prefix);
	buf_add(b, ",\n  \"headers\": [");
	for (size_t i = 0; i < inv->includes.len; i++) {
		buf_add(b, i ? ", " : "");
		buf_json_str(b, path_display(inv->includes.v[i]));
	}
	buf_add(b, "],\n  \"items\": [\n");
	for (size_t i = 0; i < inv->items.len; i++) {
		struct item *it = inv->items.v[i];
		wrapped += it->status == ST_WRAPPED;
		json_item(b, it);
		buf_add(b, i + 1 < inv->items.len ? ",\n" : "\n");
	}
	buf_addf(b, "  ],\n  \"wrapped\": %zu,\n  \"skipped\": %zu\n}\n", wrapped, inv->items.len - wrapped);
}
