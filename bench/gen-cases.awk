# bench/gen-cases.awk: turns apis.txt into the per-API benchmark loops.
#   awk -v out=c        -f gen-cases.awk apis.txt   C loops + case table (driver.c includes it)
#   awk -v out=rs       -f gen-cases.awk apis.txt   Rust loops + case table (driver.rs includes it)
#   awk -v out=includes -f gen-cases.awk apis.txt   the #include lines (C driver, cshim gen input)
#   awk -v out=funcs    -f gen-cases.awk apis.txt   functions the C statements call, as an ERE
# Both loops have the same shape: x = opaque(i), every fixture pointer named
# by the statements made opaque, the statements, then r to a volatile sink.
function trim(s) { sub(/^[ \t]+/, "", s); sub(/[ \t]+$/, "", s); return s }
function uses(code, name) { return code ~ ("(^|[^A-Za-z0-9_])" name "([^A-Za-z0-9_]|$)") }
BEGIN {
	FS = "@"
	nf = split("kref kref2 head node shead wmap rmap ring sqe cqe buf iov ts addr addrlen br rmsg msg cmsg fdset", fields, " ")
	n = 0
}
/^[ \t]*(#|$)/ { next }
{
	if (NF != 4) { printf "apis.txt:%d: want 4 fields separated by @, got %d\n", NR, NF > "/dev/stderr"; bad = 1; next }
	id = trim($1); hdr = trim($2); c = trim($3); rs = trim($4)
	if (id !~ /^[A-Za-z_][A-Za-z0-9_]*$/) { printf "apis.txt:%d: bad id '%s'\n", NR, id > "/dev/stderr"; bad = 1; next }
	if (id in seen) { printf "apis.txt:%d: id '%s' twice\n", NR, id > "/dev/stderr"; bad = 1; next }
	seen[id] = 1
	ids[++n] = id
	if (!(hdr in hseen)) { hseen[hdr] = 1; hdrs[++nh] = hdr }
	s = c
	while (match(s, /[A-Za-z_][A-Za-z0-9_]*\(/)) {
		fn = substr(s, RSTART, RLENGTH - 1)
		if (!(fn in fseen)) { fseen[fn] = 1; funcs[++nfn] = fn }
		s = substr(s, RSTART + RLENGTH)
	}
	if (out == "c") {
		printf "static __attribute__((noinline)) void bench_%s(const struct bench_fixture *F, uint64_t n)\n{\n", id
		printf "\t(void)F;\n"
		for (k = 1; k <= nf; k++) if (uses(c, fields[k])) printf "\tvoid *%s = F->%s;\n", fields[k], fields[k]
		if (uses(c, "release")) printf "\tvoid (*release)(struct kref *) = F->release;\n"
		printf "\tfor (uint64_t i = 0; i < n; i++) {\n\t\tuint64_t x = i, r = 0;\n\t\tOPQ(x);\n"
		for (k = 1; k <= nf; k++) if (uses(c, fields[k])) printf "\t\tOPQ(%s);\n", fields[k]
		printf "\t\t{ %s }\n\t\tsink = r;\n\t}\n}\n\n", c
	} else if (out == "rs") {
		printf "#[no_mangle]\n#[inline(never)]\n#[allow(non_snake_case, unused_mut, unused_assignments, unused_variables, unused_unsafe)]\n"
		printf "extern \"C\" fn bench_%s(f: *const Fixture, n: u64) {\n    let f = unsafe { &*f };\n", id
		for (k = 1; k <= nf; k++) if (uses(rs, fields[k])) printf "    let mut %s = f.%s;\n", fields[k], fields[k]
		if (uses(rs, "release")) printf "    let release = f.release;\n"
		printf "    let mut i: u64 = 0;\n    while i < n {\n        let mut x: u64 = i;\n        let mut r: u64 = 0;\n        opq!(x);\n"
		for (k = 1; k <= nf; k++) if (uses(rs, fields[k])) printf "        opq!(%s);\n", fields[k]
		printf "        unsafe { %s }\n        unsafe { ptr::write_volatile(&raw mut SINK, r) };\n        i += 1;\n    }\n}\n\n", rs
	}
}
END {
	if (bad) exit 1
	if (out == "c") {
		printf "static const struct bench_case cases[] = {\n"
		for (k = 1; k <= n; k++) printf "\t{\"%s\", bench_%s},\n", ids[k], ids[k]
		printf "};\n"
	} else if (out == "rs") {
		printf "static CASES: &[(&str, extern \"C\" fn(*const Fixture, u64))] = &[\n"
		for (k = 1; k <= n; k++) printf "    (\"%s\", bench_%s),\n", ids[k], ids[k]
		printf "];\n"
	} else if (out == "includes") {
		for (k = 1; k <= nh; k++) printf "#include %s\n", hdrs[k]
	} else if (out == "funcs") {
		s = ""
		for (k = 1; k <= nfn; k++) s = s (k > 1 ? "|" : "") funcs[k]
		print s
	}
}
