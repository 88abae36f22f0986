/*
 * main.c: the driver.  It picks the command and, for gen and scan, runs the
 * whole pipeline in one place: options → parse_headers (inventory) →
 * emitters → outputs_commit.  Nothing is written until every output has been
 * produced in memory, so an error leaves the previous outputs untouched.
 */
#include "cshim.h"

#include <stdlib.h>
#include <string.h>

static const char usage_text[] =
	"usage: cshim COMMAND [ARGS]\n"
	"\n"
	"Make the static inline functions and macros of C headers callable from Rust\n"
	"at zero cost.\n"
	"\n"
	"commands:\n"
	"  gen     generate helpers (C), their prototypes, Rust declarations, JSON\n"
	"  scan    list every inline function and macro: wrapped, constant, or why not\n"
	"  check   count the helper calls left in a linked binary (0 = all inlined)\n"
	"  flags   print the cross-language LTO recipe for this machine\n"
	"  doctor  check that clang, rustc and the linker can LTO together\n"
	"  explain say why helpers were not inlined, from LLVM's inline remarks\n"
	"  audit   check hand-written helpers (annotation, callee, signature, ...)\n"
	"\n"
	"`cshim COMMAND --help` describes a command; `man cshim` has the details.\n";

static int gen_or_scan(int argc, char **argv, bool gen)
{
	struct options o = {0};
	int r = options_parse(&o, argc, argv, gen);
	if (r >= 0)
		return r;
	struct inventory inv = {0};
	if (parse_headers(&o, &inv) < 0)
		return EXIT_FAIL;

	struct output outs[6] = {0};
	struct output *list[6];
	size_t n = 0;
	if (!gen) {
		outs[n].path = "-";
		if (o.json)
			emit_json(&o, &inv, &outs[n].data);
		else
			emit_scan_report(&inv, &outs[n].data);
		n++;
	}
	if (gen && o.out_c) {
		outs[n].path = o.out_c;
		emit_helpers_c(&o, &inv, o.out_c, &outs[n++].data);
	}
	if (gen && o.out_h) {
		outs[n].path = o.out_h;
		emit_prototypes_h(&o, &inv, o.out_h, &outs[n++].data);
	}
	if (gen && o.out_rust) {
		outs[n].path = o.out_rust;
		emit_rust(&o, &inv, &outs[n++].data);
	}
	if (gen && o.out_json) {
		outs[n].path = o.out_json;
		emit_json(&o, &inv, &outs[n++].data);
	}
	if (gen && o.depfile) {
		outs[n].path = o.depfile;
		emit_depfile(&o, &inv, &outs[n++].data);
	}
	for (size_t i = 0; i < n; i++)
		list[i] = &outs[i];
	return outputs_commit(list, n) < 0 ? EXIT_FAIL : EXIT_OK;
}

int cmd_gen(int argc, char **argv) { return gen_or_scan(argc, argv, true); }
int cmd_scan(int argc, char **argv) { return gen_or_scan(argc, argv, false); }

static const struct {
	const char *name;
	int (*run)(int, char **);
} commands[] = {
	{"gen", cmd_gen},     {"scan", cmd_scan},     {"check", cmd_check},
	{"flags", cmd_flags}, {"doctor", cmd_doctor},
	{"explain", cmd_explain}, {"audit", cmd_audit},
};

static int dispatch(int argc, char **argv)
{
	if (argc < 2) {
		fputs(usage_text, stderr);
		return EXIT_USAGE;
	}
	const char *cmd = argv[1];
	if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
		fputs(usage_text, stdout);
		return EXIT_OK;
	}
	if (!strcmp(cmd, "--version")) {
		printf("cshim %s\n", CSHIM_VERSION);
		return EXIT_OK;
	}
	for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
		if (!strcmp(cmd, commands[i].name))
			return commands[i].run(argc - 1, argv + 1);
	error("unknown command '%s' (try 'cshim --help')", cmd);
	return EXIT_USAGE;
}

int main(int argc, char **argv)
{
	heap_tune();
	int r = dispatch(argc, argv);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		error("cannot write standard output");
		r = EXIT_FAIL;
	}
	arena_free();
	return r;
}
