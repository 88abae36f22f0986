#!/bin/sh
test_description='inputs the fuzzers (make fuzz) found crashing cshim, rebuilt and run through the real command line'
. "$(dirname "$0")/../lib.sh"

have gcc && have python3 || skip_all 'needs gcc and python3'

# set_section_type FILE SECTION TYPE: rewrite the sh_type of an ELF64 section in place.
set_section_type() {
	python3 - "$@" <<-\EOP
	import struct, sys
	path, want, typ = sys.argv[1], sys.argv[2].encode(), int(sys.argv[3])
	d = bytearray(open(path, "rb").read())
	shoff, = struct.unpack_from("<Q", d, 0x28)
	size, num, strndx = struct.unpack_from("<HHH", d, 0x3a)
	names, = struct.unpack_from("<Q", d, shoff + strndx * size + 0x18)
	for i in range(num):
	    name, = struct.unpack_from("<I", d, shoff + i * size)
	    if d[names + name:d.index(b"\0", names + name)] == want:
	        struct.pack_into("<I", d, shoff + i * size + 4, typ)
	        open(path, "wb").write(d)
	        sys.exit(0)
	sys.exit("no section " + sys.argv[2])
	EOP
}

# cshim check ARGS gives a report (exit 0 or 1) in out, not a crash.
reports() {
	"$CSHIM" check "$@" >out 2>err
	rc=$?
	[ "$rc" -le 1 ] || { echo "exit $rc"; cat err; return 1; }
}

test_expect_success 'check: a .plt section without bytes (SHT_NOBITS) is read as empty' '
	gcc -O2 -fno-inline -shared -fPIC "$TESTS/check/helpers.c" -o libhs.so &&
	gcc -O2 -fno-inline "$TESTS/check/calls.c" -L. -lhs -o viaplt &&
	set_section_type viaplt .plt 8 &&
	reports viaplt && tail -n 1 out | grep -q "^cshim check: 2 helpers, " &&
	reports viaplt --json && grep -q "\"residual_call_sites\": " out
'

test_done
