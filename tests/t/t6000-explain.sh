#!/bin/sh
test_description='cshim explain: the reason a helper was not inlined, from the LTO link'"'"'s remarks, built for real'
. "$(dirname "$0")/../lib.sh"

E=$TESTS/explain

# build DIR CFLAGS [RUSTFLAGS [SOURCE [CC]]]: helper → libh.a in DIR, linked
# into DIR/m by rustc with cross-language LTO, remarks in DIR/remarks/.
build() {
	mkdir -p "$1/remarks" &&
	${5:-clang-22 -flto=thin -O2} $2 -c "$E/${4:-helper.c}" -o "$1/h.o" &&
	rm -f "$1/libh.a" && llvm-ar-22 rcs "$1/libh.a" "$1/h.o" &&
	rustc -O -Clinker-plugin-lto ${3:-} $("$CSHIM" flags --remarks "$1/remarks") \
		"$E/main.rs" -L "$1" -l static=h -o "$1/m"
}
AI='-DHELPER_ATTR=__attribute__((__always_inline__))__inline__'

have clang-22 && have llvm-ar-22 && have llvm-dis-22 && have rustc ||
	skip_all 'needs clang-22, llvm-ar-22, llvm-dis-22 and rustc'
[ "$(rustc -vV | sed -n 's/^LLVM version: \([0-9]*\).*/\1/p')" = 22 ] ||
	skip_all 'needs rustc on LLVM 22 (the LLVM of clang-22)'

test_expect_success 'nullptr checks without always_inline: benign, the fix is __rust_helper' '
	build np -fno-delete-null-pointer-checks &&
	ls np/remarks | grep -q "^remarks.yaml.thin.1.yaml$" &&
	test_expect_code 1 "$CSHIM" explain np/remarks >out &&
	cat >expect <<-\EOT &&
	rust_helper_add: not inlined at 3 of 3 call sites
	  nullptr definitions incompatible: main::twice (3)
	    benign: the helper treats null as a valid address (built with -fno-delete-null-pointer-checks) and the Rust caller does not; a hardening flag that does not change the ABI, and once inlined the code follows the caller'"'"'s rules
	    fix: C side: annotate the helper __rust_helper (always_inline overrides this check), or build the helpers without -fno-delete-null-pointer-checks
	cshim explain: 1 helper, 1 not inlined at 3 call sites
	EOT
	test_cmp expect out &&
	test_expect_code 1 "$CSHIM" check np/m >check.out &&
	grep -q "^rust_helper_add: 3 call sites: main::twice (3)$" check.out
'

test_expect_success 'nullptr checks with always_inline: inlined everywhere, exit 0, and check agrees' '
	build npai "-fno-delete-null-pointer-checks $AI" &&
	"$CSHIM" explain np/remarks npai/remarks/remarks.yaml.thin.1.yaml >/dev/null; test $? = 1 &&
	"$CSHIM" explain npai/remarks >out &&
	printf "%s\n" "rust_helper_add: inlined everywhere (3 call sites)" \
		"cshim explain: 1 helper, all inlined everywhere" >expect &&
	test_cmp expect out &&
	"$CSHIM" check npai/m
'

test_expect_success '-fno-builtin: "conflicting attributes", told apart as benign by the bitcode' '
	build nb -fno-builtin &&
	test_expect_code 1 "$CSHIM" explain nb/remarks >out &&
	grep -q "^  conflicting attributes: main::twice (3)$" out &&
	grep -q "^    unknown: an attribute that must match differs" out &&
	grep -q "fix: give --bitcode" out &&
	test_expect_code 1 "$CSHIM" explain --bitcode nb/libh.a nb/remarks >out &&
	grep -q "^    benign: the helper was compiled with -fno-builtin and the Rust caller has no such list" out &&
	grep -q "^    fix: C side: annotate the helper __rust_helper" out
'

test_expect_success 'the kernel'"'"'s -fno-builtin-wcslen, read from the object file' '
	build nbw -fno-builtin-wcslen &&
	test_expect_code 1 "$CSHIM" explain --bitcode nbw/h.o nbw/remarks >out &&
	grep -q "^    benign: the helper was compiled with -fno-builtin-wcslen " out
'

test_expect_success 'helper built with -mavx2 for baseline Rust: a hazard, fix on either side' '
	build avx -mavx2 &&
	test_expect_code 1 "$CSHIM" explain --bitcode avx/libh.a avx/remarks >out &&
	grep -q "^    hazard: the helper was compiled for target features that the Rust code is not built for (+avx,+avx2,.*, Rust assumed baseline x86-64: give --rustflags)" out &&
	grep -q "LLVM refuses to inline it, rightly" out &&
	grep -q "^    fix: C side: build the helpers for the target the Rust code is built for .*Rust side: -Ctarget-feature=+avx,+avx2,.*do not force it with always_inline$" out
'

test_expect_success '-mavx2 with always_inline: inlined, yet a hazard (cshim check alone sees nothing)' '
	build avxai "-mavx2 $AI" &&
	"$CSHIM" check avxai/m &&
	test_expect_code 1 "$CSHIM" explain --bitcode avxai/libh.a avxai/remarks >out &&
	grep -q "^rust_helper_add: inlined at 3 call sites, with a hazard$" out &&
	grep -q "^  always inline attribute: main::twice (3)$" out &&
	grep -q "always_inline forced it in past LLVM.s check" out &&
	grep -q "^cshim explain: 1 helper, 1 with a hazard$" out &&
	test_expect_code 1 "$CSHIM" explain --rustflags "-Ctarget-feature=+avx" --bitcode avxai/libh.a avxai/remarks >out &&
	grep -q "(+avx2,+popcnt,+xsave, by rustc -Ctarget-feature=+avx)" out
'

test_expect_success '-mavx2 with always_inline into Rust built for haswell (--rustflags says so): no hazard' '
	build hswai "-mavx2 $AI" -Ctarget-cpu=haswell &&
	test_expect_code 1 "$CSHIM" explain --bitcode hswai/libh.a hswai/remarks >/dev/null &&
	"$CSHIM" explain --rustflags -Ctarget-cpu=haswell --bitcode hswai/libh.a hswai/remarks >out &&
	grep -q "^rust_helper_add: inlined everywhere (3 call sites)$" out &&
	test_expect_code 2 "$CSHIM" explain --rustflags -Cbogus=1 --bitcode hswai/libh.a hswai/remarks 2>err &&
	grep -q "rustc --print cfg -Cbogus=1. failed" err
'

test_expect_success 'the other direction: Rust built for more (haswell) than the helper: inlined, nothing to fix' '
	build hsw "" -Ctarget-cpu=haswell &&
	"$CSHIM" explain --bitcode hsw/libh.a hsw/remarks >out &&
	grep -q "^rust_helper_add: inlined everywhere (3 call sites)$" out &&
	build hswavx -mavx2 -Ctarget-cpu=haswell &&
	"$CSHIM" explain --bitcode hswavx/libh.a hswavx/remarks >out &&
	grep -q "^rust_helper_add: inlined everywhere (3 call sites)$" out
'

test_expect_success 'stack protector and frame pointers on the C side do not block inlining (LLVM merges them)' '
	build ssp "-fstack-protector-all -fno-omit-frame-pointer" &&
	llvm-dis-22 -o - ssp/h.o | grep -q "^attributes .* sspreq .*\"frame-pointer\"=\"all\"" &&
	"$CSHIM" explain --bitcode ssp/libh.a ssp/remarks >out &&
	grep -q "^rust_helper_add: inlined everywhere (3 call sites)$" out
'

if [ -f "$(gcc -print-file-name=libasan.so)" ]; then
	test_expect_success 'helper built with -fsanitize=address, Rust without: a hazard, same sanitizers on both sides' '
		build asan -fsanitize=address "-l dylib=asan" &&
		test_expect_code 1 "$CSHIM" explain --bitcode asan/libh.a asan/remarks >out &&
		grep -q "^    hazard: the helper is instrumented by -fsanitize=address and the Rust caller is not" out &&
		grep -q "^    fix: build both sides with the same sanitizers: C side: drop -fsanitize=address .*-Zsanitizer=address" out
	'
fi

test_expect_success 'noinline helper: ThinLTO does not import it; the bitcode says noinline' '
	build noinl -DHELPER_ATTR="__attribute__((noinline))" &&
	test_expect_code 1 "$CSHIM" explain noinl/remarks >out &&
	grep -q "^  its definition is unavailable: main::twice (3)$" out &&
	grep -q "^    build: LTO had no definition of the helper to inline" out &&
	test_expect_code 1 "$CSHIM" explain --bitcode noinl/libh.a noinl/remarks >out &&
	grep -q "^    build: the helper is marked noinline" out &&
	grep -q "^    fix: C side: remove noinline from the helper" out
'

test_expect_success 'helpers built at -O0 (optnone): named as such' '
	build O0 "" "" helper.c "clang-22 -flto=thin -O0" &&
	test_expect_code 1 "$CSHIM" explain --bitcode O0/libh.a O0/remarks >out &&
	grep -q "^    build: the helper was compiled at -O0 (optnone noinline)" out &&
	grep -q "^    fix: C side: build the helpers with -O2" out
'

test_expect_success 'helpers compiled by gcc (no bitcode): the missing definition is named' '
	build gcc "" "" helper.c "gcc -O2" &&
	test_expect_code 1 "$CSHIM" explain --bitcode gcc/libh.a gcc/remarks >out &&
	grep -q "^    build: the helper is not in LLVM bitcode: gcc/libh.a(h.o) is machine code" out &&
	grep -q "^    fix: C side: compile the helpers with \$(cshim flags --cc) \$(cshim flags --cflags)$" out
'

test_expect_success 'cost model: too costly at every site, one group with the numbers' '
	build cost "" "" big.c &&
	test_expect_code 1 "$CSHIM" explain cost/remarks >out &&
	grep -q "^  too costly to inline: main::twice (3)$" out &&
	grep -q "^    cost: LLVM.s cost model declined: inlining costs more than its threshold (cost [0-9]*, threshold [0-9]*" out &&
	grep -q "always_inline is not subject to the cost model" out
'

test_expect_success 'cost, larger still: ThinLTO did not import it, raise the limit or always_inline' '
	build bigger -DBIGGER "" big.c &&
	test_expect_code 1 "$CSHIM" explain --bitcode bigger/libh.a bigger/remarks >out &&
	grep -q "^    cost: the helper is in the bitcode, but ThinLTO did not import it" out &&
	grep -q "import-instr-limit=N$" out
'

test_expect_success '--json gives the same facts' '
	test_expect_code 1 "$CSHIM" explain --json --bitcode nb/libh.a nb/remarks >out.json &&
	python3 - out.json <<-\EOP
	import json, sys
	d = json.load(open(sys.argv[1]))
	assert d["prefix"] == "rust_helper_" and d["not_inlined_sites"] == 3 and d["hazards"] == 0, d
	assert any(f.endswith("remarks.yaml.thin.1.yaml") for f in d["remarks"]), d
	[h] = d["helpers"]
	assert h["name"] == "rust_helper_add" and h["not_inlined_sites"] == 3 and not h["hazard"], h
	[f] = h["findings"]
	assert f["reason"] == "conflicting attributes" and f["class"] == "benign" and not f["inlined"], f
	assert f["callers"] == [{"function": "main::twice", "sites": 3}], f
	EOP
'

# The same call reported by two ThinLTO partitions counts once; two calls in one file count twice.
remark() {
	cat <<-EOT
	--- !Missed
	Pass:            inline
	Name:            NeverInline
	Function:        $1
	Args:
	  - Callee:          rust_helper_x
	  - String:          ' not inlined into '
	  - Caller:          $1
	  - String:          ' because it should never be inlined: '
	  - Reason:          nullptr definitions incompatible
	...
	EOT
}

test_expect_success 'a call site reported in two partitions is counted once' '
	mkdir dup && { remark f; remark f; remark g; } >dup/a.yaml && { remark f; remark g; } >dup/b.yaml &&
	test_expect_code 1 "$CSHIM" explain dup >out &&
	grep -q "^rust_helper_x: not inlined at 3 of 3 call sites$" out &&
	grep -q "^  nullptr definitions incompatible: f (2), g (1)$" out
'

test_expect_success '--prefix selects other helper names' '
	"$CSHIM" explain --prefix other_ dup >out &&
	grep -q "^cshim explain: no inline remark names a helper (prefix other_)" out
'

test_expect_success 'empty remarks (a link without the flags): exit 2 and say what to do' '
	: >empty.yaml &&
	test_expect_code 2 "$CSHIM" explain empty.yaml 2>err &&
	grep -q "^cshim: error: no remarks in empty.yaml: was the program linked with the flags of .cshim flags --remarks DIR." err
'

test_expect_success 'Rust at opt-level 0: the LTO link runs no inliner, the files are empty, the error says why' '
	build rO0 "" -Copt-level=0 &&
	test_expect_code 2 "$CSHIM" explain rO0/remarks 2>err &&
	grep -q "^cshim: error: no remarks in rO0/remarks/remarks.yaml, rO0/remarks/remarks.yaml.thin.1.yaml, .*at opt-level 1 or more?$" err
'

test_expect_success 'malformed YAML, missing file, bad bitcode path: exit 2, file named' '
	printf "%s\n" "--- !Missed" "Pass: inline" "Args: [ {Callee: x" >bad.yaml &&
	test_expect_code 2 "$CSHIM" explain bad.yaml 2>err &&
	grep -q "^bad.yaml:[0-9]*:[0-9]*: error: not a YAML remarks file: " err &&
	test_expect_code 2 "$CSHIM" explain nosuch.yaml 2>err && grep -q "nosuch.yaml: No such file" err &&
	test_expect_code 2 "$CSHIM" explain --bitcode nosuch.a dup 2>err && grep -q "nosuch.a: No such file" err
'

test_expect_success 'usage errors exit 2' '
	test_expect_code 2 "$CSHIM" explain 2>err && grep -q "no REMARKS" err &&
	test_expect_code 2 "$CSHIM" explain --bogus dup 2>err && grep -q "unknown option" err &&
	test_expect_code 2 "$CSHIM" explain dup --prefix 2>err && grep -q "prefix needs a value" err &&
	"$CSHIM" explain --help | grep -q "^usage: cshim explain "
'

test_done
