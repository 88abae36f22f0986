#!/bin/sh
test_description='cshim flags: one line per part, and the documented recipe inlines a helper into Rust (without always_inline the call stays); cshim doctor: passes here, a newer clang is a problem, an older one a warning, a helper left as a call is caught; bad usage exits 2'
. "$(dirname "$0")/../lib.sh"

# The machine's own toolchain, whatever the caller's environment says.
unset RUSTC CSHIM_CLANG
have rustc || skip_all 'rustc is not installed (rustup)'
have objdump || skip_all 'objdump is not installed (binutils)'
RMAJ=$(rustc -vV | sed -n 's/^LLVM version: \([0-9]*\).*/\1/p')
[ -n "$RMAJ" ] || skip_all 'rustc -vV shows no LLVM version'
have "clang-$RMAJ" || skip_all "clang-$RMAJ (rustc's LLVM major) is not installed (scripts/setup-debian.sh)"

# An older clang than rustc's LLVM, if any (clang-14 on Debian 12).
OLD=
n=$((RMAJ - 1))
while [ "$n" -ge 14 ]; do
	if have "clang-$n"; then OLD=$n && break; fi
	n=$((n - 1))
done

# A helper as cshim gen writes it, and Rust calling it through #[link_name].
cat >helpers.c <<\EOF
static inline int scale(int x) { return x * 7 + 2; }
#ifndef __rust_helper
#define __rust_helper __attribute__((__always_inline__)) __inline__
#endif
int rust_helper_scale(int x);
__rust_helper int rust_helper_scale(int x) { return (scale)(x); }
EOF
cat >main.rs <<\EOF
extern "C" {
    #[link_name = "rust_helper_scale"]
    fn scale(x: i32) -> i32;
}
fn main() {
    println!("{}", unsafe { scale(std::hint::black_box(6)) });
}
EOF

# build DIR [C flags]: the recipe of cshim flags --help, word for word.
build() {
	dir=$1
	shift
	mkdir -p "$dir" &&
	$("$CSHIM" flags --cc) $("$CSHIM" flags --cflags) "$@" -c helpers.c -o "$dir/helpers.o" &&
	$("$CSHIM" flags --ar) rcs "$dir/libhelpers.a" "$dir/helpers.o" &&
	${RUSTC:-rustc} $("$CSHIM" flags --rustflags) -O main.rs -L "$dir" -l static=helpers -o "$dir/main" &&
	test "$("$dir/main")" = 44
}
# Disassemble a binary (and make sure that worked), then list the calls left
# to the helper or to the function it wraps (none: inlined; the wrapped one
# may carry a ThinLTO suffix, scale.llvm.123).
disasm() {
	objdump -d --no-show-raw-insn "$1" >"$1.dis" &&
	grep -q "<main>:" "$1.dis"
}
calls() { grep -E "(call|jmp)[^<]*<(rust_helper_scale|scale)(\.[^>]*)?(@plt)?>\$" "$1.dis"; }

mkdir bin
printf '#!/bin/sh\necho "clang version 99.0.0"\necho "Target: x86_64-pc-linux-gnu"\n' >bin/clang
chmod +x bin/clang
FAKE=$TRASH/bin/clang
if [ -f /etc/debian_version ]; then FIX="apt-get install clang-$RMAJ lld-$RMAJ"; else FIX="install clang $RMAJ"; fi

test_expect_success '--help prints usage and exits 0' '
	"$CSHIM" flags --help >out && grep -q "^usage: cshim flags --cc | --ar | --cflags | --rustflags" out &&
	"$CSHIM" doctor --help >out && grep -q "^usage: cshim doctor" out
'

test_expect_success 'flags --ar names the llvm-ar of the recipe clang: beside it, else of its major' '
	cc=$("$CSHIM" flags --cc) && ar=$("$CSHIM" flags --ar) &&
	case $cc in clang-[0-9]*) test "$ar" = "llvm-ar-${cc#clang-}" ;; esac &&
	d=$(dirname "$(readlink -f "$(command -v "$cc")")") &&
	test "$(CSHIM_CLANG=$d/clang "$CSHIM" flags --ar)" = "$d/llvm-ar"
'

test_expect_success 'bad usage exits 2 with an error' '
	test_expect_code 2 "$CSHIM" flags 2>err && grep -q "error:" err &&
	test_expect_code 2 "$CSHIM" flags --cc --cflags 2>err && grep -q "error:" err &&
	test_expect_code 2 "$CSHIM" flags --cflags --cflags 2>err &&
	test_expect_code 2 "$CSHIM" flags --ld 2>err && grep -q "unknown argument" err &&
	test_expect_code 2 "$CSHIM" doctor --fix 2>err && grep -q "error:" err
'

test_expect_success 'each part of the recipe is one line without stray spaces' '
	for part in cc cflags rustflags; do
		"$CSHIM" flags --$part >$part.out 2>$part.err &&
		test "$(wc -l <$part.out)" = 1 &&
		! grep -q "^ \| $\|^$" $part.out &&
		test ! -s $part.err || return 1
	done &&
	test "$(cat cc.out)" = "clang-$RMAJ" &&
	test "$(cat cflags.out)" = "-flto=thin -O2" &&
	grep -q "^-Clinker-plugin-lto\( \|$\)" rustflags.out
'

test_expect_success 'flags --remarks DIR: one line of rustc flags naming DIR absolutely; DIR must exist' '
	mkdir rdir &&
	"$CSHIM" flags --remarks rdir >out &&
	printf "%s\n" "-Clink-arg=-Wl,--plugin-opt=opt-remarks-filename=$TRASH/rdir/remarks.yaml -Clink-arg=-Wl,--plugin-opt=opt-remarks-passes=inline -Clink-arg=-Wl,--plugin-opt=opt-remarks-format=yaml" >expect &&
	test_cmp expect out &&
	test_expect_code 1 "$CSHIM" flags --remarks nodir 2>err && grep -q "nodir: not a directory (create it first" err &&
	test_expect_code 2 "$CSHIM" flags --remarks 2>err && grep -q "remarks needs a directory" err &&
	test_expect_code 2 "$CSHIM" flags --cc --remarks rdir 2>err && grep -q "not --cc and --remarks" err
'

test_expect_success 'the recipe builds a Rust program whose helper call is inlined' '
	build lto &&
	disasm lto/main &&
	! calls lto/main
'

test_expect_success 'the same build without always_inline, C built with -fno-delete-null-pointer-checks, keeps the call' '
	build plain -D__rust_helper= -fno-delete-null-pointer-checks &&
	disasm plain/main &&
	calls plain/main
'

test_expect_success 'doctor passes here, each check ok, and leaves no scratch directory' '
	mkdir tmp &&
	TMPDIR=$TRASH/tmp "$CSHIM" doctor >out &&
	grep -q "^ok: rustc .* uses LLVM $RMAJ\." out &&
	grep -q "^ok: clang-$RMAJ (LLVM $RMAJ\.[0-9.]*) matches rustc.s LLVM major$" out &&
	grep -q "^ok: linker .* reads bitcode from LLVM $RMAJ and older" out &&
	grep -q "^ok: trial build: a helper compiled by clang-$RMAJ was inlined into Rust (0 residual calls)$" out &&
	! grep -q "^problem:" out &&
	test "$(tail -n 1 out)" = "cshim doctor: cross-language LTO works here" &&
	test -z "$(ls tmp)"
'

test_expect_success 'doctor: bitcode mode works here; an llvm-link of another major or a helper left as a call is a warning, not a problem' '
	"$CSHIM" doctor >out &&
	grep -q "^ok: bitcode mode (no LTO) works: llvm-link-$RMAJ (LLVM $RMAJ\.[0-9.]*) merged a helper into rustc.s bitcode and it was inlined (0 residual calls)" out &&
	printf "#!/bin/sh\necho \"LLVM version 99.0.0\"\n" >bin/llvm-link-fake &&
	chmod +x bin/llvm-link-fake &&
	CSHIM_LLVM_LINK=$TRASH/bin/llvm-link-fake "$CSHIM" doctor >out &&
	grep -q "^warning: bitcode mode (no LTO): no llvm-link of LLVM $RMAJ (looked for CSHIM_LLVM_LINK=$TRASH/bin/llvm-link-fake); fix: " out &&
	printf "#!/bin/sh\nexec clang-$RMAJ -D__always_inline__=__noinline__ \"\$@\"\n" >bin/clang-noinline-bc &&
	chmod +x bin/clang-noinline-bc &&
	test_expect_code 1 env CSHIM_CLANG="$TRASH/bin/clang-noinline-bc" "$CSHIM" doctor >out &&
	grep -q "^warning: bitcode mode (no LTO): 1 residual call to rust_helper_doctor_probe after merging" out
'

test_expect_success 'CSHIM_CLANG naming a clang newer than rustc: doctor exits 1 with the problem and the fix' '
	test_expect_code 1 env CSHIM_CLANG="$FAKE" "$CSHIM" doctor >out &&
	grep "^problem: CSHIM_CLANG=$FAKE (LLVM 99.0.0) is newer than rustc.s LLVM $RMAJ\." out &&
	grep "^problem: .*fix: $FIX" out &&
	grep -q "^cshim doctor: 1 problem" out &&
	test_expect_code 1 env PATH="$TRASH/bin:$PATH" CSHIM_CLANG=clang "$CSHIM" doctor >out &&
	grep "^problem: CSHIM_CLANG=clang (LLVM 99.0.0) is newer" out
'

test_expect_success 'a newer clang in PATH: flags --cc passes over it, doctor warns about it' '
	PATH=$TRASH/bin:$PATH "$CSHIM" flags --cc >out &&
	test "$(cat out)" = "clang-$RMAJ" &&
	PATH=$TRASH/bin:$PATH "$CSHIM" doctor >out &&
	grep "^warning: clang (LLVM 99.0.0) is in PATH but newer than rustc.s LLVM" out &&
	! grep -q "^problem:" out
'

test_expect_success 'rustc missing: doctor and flags --rustflags fail and say so' '
	test_expect_code 1 env RUSTC="$TRASH/no-rustc" "$CSHIM" doctor >out &&
	grep "^problem: rustc: .*fix: install Rust" out &&
	test_expect_code 1 env RUSTC="$TRASH/no-rustc" "$CSHIM" flags --rustflags >out 2>err &&
	test ! -s out && grep -q "error:" err
'

test_expect_success 'doctor catches a helper left as a call, or built at -O0 (its wrapped function left)' '
	printf "#!/bin/sh\nexec clang-$RMAJ -D__always_inline__=__noinline__ \"\$@\"\n" >bin/clang-noinline &&
	printf "#!/bin/sh\nexec clang-$RMAJ \"\$@\" -O0\n" >bin/clang-O0 &&
	chmod +x bin/clang-noinline bin/clang-O0 &&
	test_expect_code 1 env CSHIM_CLANG="$TRASH/bin/clang-noinline" "$CSHIM" doctor >out &&
	grep "^problem: trial build: 1 residual call to rust_helper_doctor_probe" out &&
	test_expect_code 1 env CSHIM_CLANG="$TRASH/bin/clang-O0" "$CSHIM" doctor >out &&
	grep "^problem: trial build: 1 residual call" out
'

if [ -n "$OLD" ]; then
	test_expect_success "CSHIM_CLANG=clang-$OLD (older than rustc's LLVM): a warning, yet doctor passes and the recipe inlines" '
		CSHIM_CLANG=clang-$OLD "$CSHIM" doctor >out &&
		grep "^warning: CSHIM_CLANG=clang-$OLD (LLVM $OLD\.[0-9.]*) is older than rustc.s LLVM .*fix: $FIX" out &&
		grep -q "^ok: trial build: a helper compiled by clang-$OLD was inlined" out &&
		test "$(CSHIM_CLANG=clang-$OLD "$CSHIM" flags --cc)" = clang-$OLD &&
		(CSHIM_CLANG=clang-$OLD && export CSHIM_CLANG && build old) &&
		disasm old/main &&
		! calls old/main
	'

	test_expect_success "a rustc of an older LLVM: flags --cc falls back to clang-$OLD, doctor warns of clang-$RMAJ" '
		printf "#!/bin/sh\nif [ \"\$1\" = -vV ]; then rustc -vV | sed \"s/^LLVM version: .*/LLVM version: $OLD.1.0/\"; else exec rustc \"\$@\"; fi\n" >bin/rustc-old &&
		chmod +x bin/rustc-old &&
		test "$(RUSTC=$TRASH/bin/rustc-old "$CSHIM" flags --cc)" = clang-$OLD &&
		RUSTC=$TRASH/bin/rustc-old "$CSHIM" doctor >out &&
		grep "^ok: clang-$OLD (LLVM $OLD\.[0-9.]*) matches" out &&
		grep "^warning: clang-$RMAJ (LLVM .*) is in PATH but newer than rustc.s LLVM $OLD\.1\.0" out
	'
fi

# A rustc whose default linker is GNU ld (as before rustc 1.90, or a
# distribution build): --rustflags must add an LLVM linker of its own.
printf '#!/bin/sh\nexec rustc -Clinker-features=-lld "$@"\n' >bin/rustc-bfd
chmod +x bin/rustc-bfd
echo 'fn main() {}' >empty.rs
if bin/rustc-bfd --print link-args -o empty empty.rs 2>/dev/null | grep -q '"cc"' &&
   ! bin/rustc-bfd --print link-args -o empty empty.rs | grep -q 'fuse-ld=lld'; then
	test_expect_success 'rustc linking with GNU ld: flags --rustflags selects an LLVM linker, and the recipe inlines' '
		RUSTC=$TRASH/bin/rustc-bfd "$CSHIM" flags --rustflags >out &&
		grep -q "^-Clinker-plugin-lto .*fuse-ld=lld" out &&
		(RUSTC=$TRASH/bin/rustc-bfd && export RUSTC && build bfd) &&
		disasm bfd/main &&
		! calls bfd/main &&
		RUSTC=$TRASH/bin/rustc-bfd "$CSHIM" doctor >out &&
		grep "^ok: linker .*rustc.s default (GNU ld.*) does not, so cshim flags --rustflags selects" out
	'
fi

test_done
