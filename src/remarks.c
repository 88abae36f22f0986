/*
 * remarks.c: LLVM optimization remarks (YAML) → inline decisions about
 * helpers, for cshim explain.
 *
 * A remarks file is a stream of YAML documents, one per remark, tagged
 * !Passed, !Missed or !Analysis, each a mapping with Pass, Name, DebugLoc,
 * Function and Args; Args is a list of one-entry mappings (Callee, Caller,
 * Reason, Cost, Threshold, String ...) whose values, concatenated, are the
 * message LLVM prints.  Only the inliner's decisions (Pass: inline) about a
 * callee named with the helper prefix are kept.  libyaml parses each
 * document into a node tree; values are copied into the arena and every
 * libyaml object is deleted before the next document.
 *
 * A link through lld writes one file per ThinLTO partition (F.thin.N.yaml
 * beside F), so a directory argument stands for every file in it.
 */
#include "explain.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <yaml.h>

static const char *scalar(yaml_node_t *n)
{
	if (!n || n->type != YAML_SCALAR_NODE)
		return NULL;
	return xstrndup((const char *)n->data.scalar.value, n->data.scalar.length);
}

/* The value of key in a mapping node, or NULL. */
static yaml_node_t *map_get(yaml_document_t *d, yaml_node_t *map, const char *key)
{
	if (!map || map->type != YAML_MAPPING_NODE)
		return NULL;
	for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
		yaml_node_t *k = yaml_document_get_node(d, p->key);
		if (k && k->type == YAML_SCALAR_NODE && k->data.scalar.length == strlen(key) &&
		    !memcmp(k->data.scalar.value, key, strlen(key)))
			return yaml_document_get_node(d, p->value);
	}
	return NULL;
}

static const char *map_str(yaml_document_t *d, yaml_node_t *map, const char *key)
{
	return scalar(map_get(d, map, key));
}

/* DebugLoc: { File, Line, Column } → "file:line:col". */
static const char *debug_loc(yaml_document_t *d, yaml_node_t *root)
{
	yaml_node_t *loc = map_get(d, root, "DebugLoc");
	const char *file = map_str(d, loc, "File");
	if (!file)
		return NULL;
	const char *line = map_str(d, loc, "Line"), *col = map_str(d, loc, "Column");
	return xprintf("%s:%s:%s", file, line ? line : "0", col ? col : "0");
}

/* The key and value of one Args entry (a one-entry mapping); false if it is not one. */
static bool arg_entry(yaml_document_t *d, yaml_node_item_t item, yaml_node_t **key, yaml_node_t **val)
{
	yaml_node_t *arg = yaml_document_get_node(d, item);
	if (!arg || arg->type != YAML_MAPPING_NODE || arg->data.mapping.pairs.start == arg->data.mapping.pairs.top)
		return false;
	*key = yaml_document_get_node(d, arg->data.mapping.pairs.start->key);
	*val = yaml_document_get_node(d, arg->data.mapping.pairs.start->value);
	return *key && *val && (*key)->type == YAML_SCALAR_NODE && (*val)->type == YAML_SCALAR_NODE;
}

static bool scalar_is(const yaml_node_t *n, const char *s, size_t len)
{
	return n->data.scalar.length >= len && !memcmp(n->data.scalar.value, s, len);
}

/* Does Args name a Callee starting with prefix?  Checked before copying anything: most remarks are not about helpers. */
static bool about_helper(yaml_document_t *d, yaml_node_t *args, const char *prefix)
{
	yaml_node_t *key, *val;
	for (yaml_node_item_t *it = args->data.sequence.items.start; it < args->data.sequence.items.top; it++)
		if (arg_entry(d, *it, &key, &val) && key->data.scalar.length == 6 && scalar_is(key, "Callee", 6))
			return scalar_is(val, prefix, strlen(prefix));
	return false;
}

/*
 * Fill the decision from Args.  Without a Reason entry (NoDefinition,
 * TooCostly) the reason is the message's words after "because".
 */
static void read_args(yaml_document_t *d, yaml_node_t *args, struct decision *dn)
{
	struct buf msg = {0};
	yaml_node_t *k, *v;
	for (yaml_node_item_t *it = args->data.sequence.items.start; it < args->data.sequence.items.top; it++) {
		if (!arg_entry(d, *it, &k, &v))
			continue;
		const char *key = scalar(k), *val = scalar(v);
		buf_add(&msg, val);
		if (!strcmp(key, "Callee"))
			dn->callee = val;
		else if (!strcmp(key, "Caller"))
			dn->caller = val;
		else if (!strcmp(key, "Reason"))
			dn->reason = val;
		else if (!strcmp(key, "Cost"))
			dn->cost = val;
		else if (!strcmp(key, "Threshold"))
			dn->threshold = val;
	}
	const char *because = msg.s ? strstr(msg.s, "because ") : NULL;
	if (!dn->reason && because) /* "too costly to inline (cost=395, threshold=375)": the numbers are in Cost, Threshold */
		dn->reason = xstrndup(because + strlen("because "), strcspn(because + strlen("because "), "("));
	if (dn->reason && *dn->reason && dn->reason[strlen(dn->reason) - 1] == ' ')
		dn->reason = xstrndup(dn->reason, strlen(dn->reason) - 1);
	if (!dn->reason)
		dn->reason = dn->inlined ? "inlined" : "no reason given";
}

/* One remark document: keep it if it is an inline decision about a helper. */
static void read_document(yaml_document_t *d, struct remarks *r, const char *prefix)
{
	yaml_node_t *root = yaml_document_get_root_node(d);
	r->documents++;
	if (!root || root->type != YAML_MAPPING_NODE || !root->tag)
		return;
	const char *tag = (const char *)root->tag;
	const char *pass = map_str(d, root, "Pass");
	yaml_node_t *args = map_get(d, root, "Args");
	if ((strcmp(tag, "!Passed") && strcmp(tag, "!Missed")) || !pass || strcmp(pass, "inline") || !args ||
	    args->type != YAML_SEQUENCE_NODE || !about_helper(d, args, prefix))
		return;
	struct decision *dn = xmalloc(sizeof *dn);
	dn->inlined = !strcmp(tag, "!Passed");
	dn->name = map_str(d, root, "Name");
	dn->caller = map_str(d, root, "Function");
	read_args(d, args, dn);
	dn->loc = debug_loc(d, root);
	dn->input = (unsigned)(r->files.len - 1);
	vec_push(&r->decisions, dn);
}

static int read_one(struct remarks *r, const char *path, const char *prefix)
{
	size_t len;
	char *text = read_file(path, &len);
	if (!text)
		return error("%s: %s", path, strerror(errno));
	vec_push(&r->files, xstrdup(path));
	yaml_parser_t parser;
	if (!yaml_parser_initialize(&parser))
		fatal("libyaml: out of memory");
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
	int ret = 0;
	for (;;) {
		yaml_document_t d;
		if (!yaml_parser_load(&parser, &d)) {
			ret = error_at(path, (unsigned)parser.problem_mark.line + 1, (unsigned)parser.problem_mark.column + 1,
				       "not a YAML remarks file: %s%s%s", parser.problem ? parser.problem : "parse error",
				       parser.context ? " " : "", parser.context ? parser.context : "");
			break;
		}
		bool end = !yaml_document_get_root_node(&d);
		if (!end)
			read_document(&d, r, prefix);
		yaml_document_delete(&d);
		if (end)
			break;
	}
	yaml_parser_delete(&parser);
	return ret;
}

/* The regular files of a directory, sorted (lld's F, F.thin.1.yaml, ...). */
static int list_dir(const char *dir, struct vec *out)
{
	DIR *d = opendir(dir);
	if (!d)
		return error("%s: %s", dir, strerror(errno));
	struct vec names = {0};
	for (struct dirent *e; (e = readdir(d));) {
		char *p = xprintf("%s/%s", dir, e->d_name);
		struct stat st;
		if (e->d_name[0] != '.' && stat(p, &st) == 0 && S_ISREG(st.st_mode))
			vec_push(&names, p);
	}
	closedir(d);
	if (!names.len)
		return error("%s: no remarks file in the directory: was the program linked with the flags of "
			     "`cshim flags --remarks %s`?", dir, dir);
	vec_sort(&names, str_cmp);
	for (size_t i = 0; i < names.len; i++)
		vec_push(out, names.v[i]);
	return 0;
}

int remarks_read(struct remarks *r, const char *const *paths, size_t n, const char *prefix)
{
	struct vec files = {0};
	for (size_t i = 0; i < n; i++) {
		struct stat st;
		if (stat(paths[i], &st) != 0)
			return error("%s: %s", paths[i], strerror(errno));
		if (!S_ISDIR(st.st_mode))
			vec_push(&files, (void *)paths[i]);
		else if (list_dir(paths[i], &files) < 0)
			return -1;
	}
	for (size_t i = 0; i < files.len; i++)
		if (read_one(r, files.v[i], prefix) < 0)
			return -1;
	return 0;
}
