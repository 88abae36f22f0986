#!/usr/bin/env python3
"""drivers.py INVENTORY.json GEN-ARGS OUT.c OUT.rs RUST-INCLUDE

Writes two programs that print the same lines when cshim is right: OUT.c uses
the glibc macros and constants directly, OUT.rs the generated Rust
declarations (helpers and constants).  Covered automatically: every constant,
and every wrapped macro whose parameters and result are integers, called on
edge values (a domain per family where the C API restricts its inputs).
Pointer-taking macros are driven by scenario.c / scenario.rs instead.
"""
import json
import re
import sys

inv, gen_args, out_c, out_rs, rust_include = sys.argv[1:6]
items = json.load(open(inv))["items"]
headers = [l.strip() for l in open(gen_args) if l.startswith("<")]

EDGES = [0, 1, 2, 3, 7, 8, 9, 15, 16, 0x7F, 0x80, 0xFF, 0x100, 0x17F, 0x1234, 0x7FFF, 0x8000,
         0xFFFF, 0x10000, 0x12345678, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF, 0x100000000,
         0x123456789ABCDEF0, 0x7FFFFFFFFFFFFFFF, 0x8000000000000000, 0xFFFFFFFFFFFFFFFF]
PAIR_EDGES = [0, 1, 9, 0x7F, 0xFF, 0x8000, 0x7FFFFFFF, 0xFFFFFFFF]
# The C API defines these only on part of the integers (outside: undefined behaviour).
DOMAINS = [
    (r"is.*|_to(lower|upper)|toascii", list(range(-1, 256))),       # EOF and unsigned char
    (r"CPU_ALLOC_SIZE", [0, 1, 63, 64, 65, 1023, 1024, 4096]),
    (r"W_EXITCODE", [0, 1, 9, 0x7F, 0xFF]),                           # 8-bit fields
    (r"W_STOPCODE", [0, 1, 9, 0x7F, 0xFF]),
]

INTEGER = {"signed", "unsigned", "bool"}


def domain(name, nparams):
    for pattern, values in DOMAINS:
        if re.fullmatch(pattern, name):
            return values
    return EDGES if nparams == 1 else PAIR_EDGES


def rust_type(t):
    """A type the generated file names, seen from outside `mod ffi`."""
    return t if t.startswith("::") or re.fullmatch(r"[iu](8|16|32|64|128|size)|f32|f64|bool", t) else "ffi::" + t


def combos(values, n):
    if n == 0:
        yield []
        return
    for v in values:
        for rest in combos(values, n - 1):
            yield [v] + rest


c = ["#define _GNU_SOURCE"] + ["#include %s" % h for h in headers]
c += ["#include <stdio.h>", "#include <string.h>", "#include <stdint.h>", "",
      "static __attribute__((unused)) void bits(const char *name, double d)", "{",
      "\tunsigned long long u;", "\tmemcpy(&u, &d, sizeof u);",
      '\tprintf("%s=%016llx\\n", name, u);', "}", "",
      "int main(void)", "{"]
rs = ["mod ffi {", '    include!("%s");' % rust_include, "}", "",
      "#[allow(unused_unsafe, clippy::all)]", "fn main() {"]
constants = calls = 0

for it in items:
    if it["status"] != "wrapped":
        continue
    name = it["name"]
    if it["kind"] == "constant":
        rtype = it["rust_type"]
        constants += 1
        if it["symbol"]:
            if not (rtype.startswith("*") or "Option<" in rtype):
                constants -= 1
                continue
            c.append('\tprintf("%s=%%llx\\n", (unsigned long long)(uintptr_t)(%s));' % (name, name))
            rs.append('    println!("%s={:x}", unsafe { ::core::mem::transmute_copy::<_, usize>(&*::core::ptr::addr_of!(ffi::%s)) });' % (name, name))
        elif rtype == "&::core::ffi::CStr":
            c.append('\tprintf("%s="); for (const char *s = %s; *s; s++) printf("%%02x", (unsigned char)*s); printf("\\n");' % (name, name))
            rs.append('    print!("%s="); for b in ffi::%s.to_bytes() { print!("{:02x}", b); } println!();' % (name, name))
        elif rtype in ("f32", "f64"):
            c.append('\tbits("%s", (double)(%s));' % (name, name))
            rs.append('    println!("%s={:016x}", (ffi::%s as f64).to_bits());' % (name, name))
        else:
            c.append('\tprintf("%s=%%llu\\n", (unsigned long long)(%s));' % (name, name))
            rs.append('    println!("%s={}", (ffi::%s as i128) as u64);' % (name, name))
        continue
    params = it.get("params", [])
    if it["kind"] != "macro" or it["return_class"] not in INTEGER or any(p["class"] not in INTEGER for p in params):
        continue
    for args in combos(domain(name, len(params)), len(params)):
        calls += 1
        ca = ", ".join("(%s)%sLL" % (p["c_type"], v) if v < 0 else "(%s)%#xULL" % (p["c_type"], v) for p, v in zip(params, args))
        ra = ", ".join("(%di128) as %s" % (v, rust_type(p["rust_type"])) if v < 0 else "(%#xu64) as %s" % (v, rust_type(p["rust_type"])) for p, v in zip(params, args))
        label = "%s(%s)" % (name, ",".join(str(v) for v in args))
        c.append('\tprintf("%s=%%llu\\n", (unsigned long long)(%s(%s)));' % (label, name, ca))
        rs.append('    println!("%s={}", (unsafe { ffi::%s(%s) } as i128) as u64);' % (label, name, ra))

c += ['\tfprintf(stderr, "%d constants, %d calls\\n");' % (constants, calls), "\treturn 0;", "}"]
rs += ["}"]
open(out_c, "w").write("\n".join(c) + "\n")
open(out_rs, "w").write("\n".join(rs) + "\n")
print("%d constants, %d calls" % (constants, calls))
