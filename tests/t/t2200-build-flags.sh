#!/bin/sh
test_description='--pkg-config and --compile-commands: clang arguments from the build, in order, with clear errors'
. "$(dirname "$0")/../lib.sh"

have pkg-config || skip_all 'pkg-config is not installed'

# api.h compiles only with the build's flags: an include directory with a
# space in its name, and macros that select which inline functions exist.
mkdir -p "proj/inc dir" proj/src pc
cat >"proj/inc dir/cfg.h" <<'H'
#define CFG_SEEN 1
H
cat >api.h <<'H'
#include <cfg.h>
#if LEVEL == 3
static inline int level_three(void) { return 3; }
#endif
#ifdef EXTRA
static inline int extra(void) { return EXTRA; }
#endif
#ifdef MSG
static inline const char *msg(void) { return MSG; }
#endif
#ifdef PRE
static inline int pre(void) { return PRE; }
#endif
H
top=$PWD
cat >pc/foo.pc <<PC
prefix=$top/proj
Name: foo
Description: test package
Version: 1.0
Cflags: -I"\${prefix}/inc dir" -DLEVEL=3
PC
cat >pc/bar.pc <<'PC'
Name: bar
Description: second test package
Version: 1.0
Cflags: -DEXTRA=7
PC

test_expect_success '--pkg-config NAME adds pkg-config --cflags, repeatable' '
	PKG_CONFIG_PATH=$PWD/pc "$CSHIM" scan api.h --pkg-config foo >one.out &&
	grep -q "level_three: wrapped" one.out && ! grep -q "extra:" one.out &&
	PKG_CONFIG_PATH=$PWD/pc "$CSHIM" scan api.h --pkg-config foo --pkg-config=bar >two.out &&
	grep -q "level_three: wrapped" two.out && grep -q "extra: wrapped" two.out
'

test_expect_success 'gen --pkg-config: the command is recorded in the output' '
	PKG_CONFIG_PATH=$PWD/pc "$CSHIM" gen api.h --pkg-config foo -o api.c &&
	head -n 5 api.c | grep -q "cshim gen api.h --pkg-config foo -o api.c" &&
	eval "gcc -std=c11 -Wall -Wextra -Werror $(PKG_CONFIG_PATH=$PWD/pc pkg-config --cflags foo) -c api.c -o api.o"
'

test_expect_success 'a missing package or pkg-config is a one-line error, nothing written' '
	test_expect_code 1 env PKG_CONFIG_PATH=$PWD/pc "$CSHIM" gen api.h --pkg-config nosuch -o none.c 2>err &&
	grep -q "^cshim: error: --pkg-config nosuch: Package nosuch was not found" err &&
	test "$(wc -l <err)" = 1 && test ! -e none.c &&
	test_expect_code 1 env PKG_CONFIG=/no/such/pkg-config "$CSHIM" scan api.h --pkg-config foo 2>err &&
	grep -q "^cshim: error: --pkg-config foo: ./no/such/pkg-config. not found" err
'

cat >proj/compile_commands.json <<J
[
  { "directory": "$top/proj", "file": "src/a.c",
    "arguments": ["cc", "-c", "-o", "build/a.o", "-Wall", "-I", "inc dir", "-include", "cfg.h", "-DLEVEL=3", "-MF", "a.d", "src/a.c"] },
  { "directory": "$top/proj", "file": "$top/proj/src/b.c",
    "command": "gcc -O2 -c -I'inc dir' -include src/pre.h -DEXTRA=9 \"-DMSG=\\\\\"hi there\\\\\"\" -std=gnu11 -o b.o src/b.c" }
]
J
touch proj/src/a.c proj/src/b.c
echo "#define PRE 5" >proj/src/pre.h

test_expect_success '--compile-commands FILE: the first entry, "arguments" form, paths from its directory' '
	"$CSHIM" scan api.h --compile-commands proj/compile_commands.json >a.out &&
	grep -q "level_three: wrapped" a.out && ! grep -q "extra:" a.out && ! grep -q "pre:" a.out
'

test_expect_success '-include FILE: from the entry directory if there, else the include path' '
	"$CSHIM" scan api.h --compile-commands proj/compile_commands.json:src/b.c >pre.out &&
	grep -q "pre: wrapped" pre.out
'

test_expect_success '--compile-commands FILE:SOURCE picks the entry; "command" split like sh' '
	"$CSHIM" gen api.h --compile-commands proj/compile_commands.json:proj/src/b.c -o b.c >b.out &&
	grep -q "rust_helper_extra" b.c && grep -q "rust_helper_msg" b.c && ! grep -q level_three b.c &&
	"$CSHIM" scan api.h --compile-commands "$PWD/proj/compile_commands.json:src/b.c" | grep -q "msg: wrapped" &&
	printf "#include \"api.h\"\nconst char *m(void) { return msg(); }\nchar t[sizeof MSG == 9 ? 1 : -1];\n" >check.c &&
	gcc -std=c11 -Wall -Wextra -Werror -I"proj/inc dir" -DEXTRA=9 "-DMSG=\"hi there\"" -c check.c -o check.o
'

test_expect_success 'the message keeps its quotes and space: clang evaluates MSG as "hi there"' '
	printf "#include \"api.h\"\n#define MSG_LEN sizeof(MSG)\n" >len.h &&
	"$CSHIM" gen len.h --allowlist-var MSG_LEN --compile-commands proj/compile_commands.json:src/b.c --rust len.rs &&
	grep -q "pub const MSG_LEN: .* = 9;" len.rs
'

test_expect_success 'build flags come before CLANG_ARGS, which have the last word' '
	"$CSHIM" scan api.h --compile-commands proj/compile_commands.json -- -ULEVEL >u.out &&
	! grep -q level_three u.out
'

# db_fails SPEC PATTERN: --compile-commands SPEC exits 1 with one line matching PATTERN.
db_fails() {
	test_expect_code 1 "$CSHIM" scan api.h --compile-commands "$1" 2>err &&
	test "$(wc -l <err)" = 1 && grep -q "$2" err
}

test_expect_success 'compile_commands.json errors: file:line:col for bad JSON, one line each' '
	printf "[\n  { \"directory\": \"/\", \"file\": \"x.c\",, }\n]\n" >bad.json &&
	db_fails bad.json "^bad.json:2:[0-9]*: error: invalid JSON: " &&
	printf "[ {\"directory\": \"/\"" >short.json &&
	db_fails short.json "^short.json:1:[0-9]*: error: invalid JSON: unexpected end of file" &&
	printf "[]\n x" >two.json && db_fails two.json "^two.json:2:2: error: invalid JSON: " &&
	printf "{}" >obj.json && db_fails obj.json "obj.json: not a compilation database" &&
	printf "[]" >empty.json && db_fails empty.json "empty.json: no entries" &&
	printf "[{\"directory\": \"/\", \"file\": \"x.c\"}]" >nocmd.json &&
	db_fails nocmd.json "entry 0 has neither \"arguments\" nor \"command\"" &&
	printf "[{\"directory\": \"/\", \"file\": \"x.c\", \"command\": \"cc \\047-DX\"}]" >quote.json &&
	db_fails quote.json "unterminated quote" &&
	db_fails proj/compile_commands.json:src/zzz.c "no entry compiles .src/zzz.c." &&
	db_fails nope.json "^cshim: error: --compile-commands nope.json: No such file or directory" &&
	test_expect_code 2 "$CSHIM" scan api.h --compile-commands 2>err && grep -q "needs a value" err
'

test_expect_success 'help, README and the man page describe both options' '
	"$CSHIM" gen --help | grep -q -- "--pkg-config NAME" &&
	"$CSHIM" gen --help | grep -q -- "--compile-commands FILE\[:SOURCE\]" &&
	"$CSHIM" scan --help | grep -q -- "--compile-commands" &&
	grep -q -- "--pkg-config" "$SRC/README.md" && grep -q -- "--compile-commands" "$SRC/README.md" &&
	grep -q "pkg\\\\-config" "$SRC/doc/cshim.1" && grep -q "compile\\\\-commands" "$SRC/doc/cshim.1"
'

test_done
