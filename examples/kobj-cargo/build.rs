//! build.rs of cshim's cargo example: the per-package half of cshim's
//! bitcode mode (the other half is the rustc wrapper, scripts/cshim-rustc).
//!
//! It runs `cshim gen` on ../kobj/kobj.h, compiles the helpers twice with the
//! clang of rustc's LLVM major (`cshim flags --cc`): to LLVM bitcode, which
//! the wrapper merges into this crate's objects with `llvm-link
//! --internalize`, and to a native object, a fallback that keeps the program
//! linkable when the crate is built without the wrapper (or a helper call is
//! made from a crate the wrapper did not merge into) -- `cshim check` then
//! shows those calls.  kobj.c, the library's real symbols, goes into the same
//! static archive.  No dependencies: only std::process.

use std::env;
use std::path::{Path, PathBuf};
use std::process::Command;

fn run(cmd: &mut Command) {
    let status = cmd.status().unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"));
    assert!(status.success(), "{cmd:?} failed ({status})");
}

fn output(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"));
    assert!(out.status.success(), "{cmd:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("UTF-8 output").trim().to_string()
}

fn main() {
    let manifest = PathBuf::from(env::var("CARGO_MANIFEST_DIR").unwrap());
    let out = PathBuf::from(env::var("OUT_DIR").unwrap());
    let kobj = manifest.join("../kobj");
    let cshim = env::var("CSHIM").unwrap_or_else(|_| "cshim".into());
    // The Rust target's triple, so the bitcode's triple is rustc's (x86_64-unknown-linux-gnu).
    let target = env::var("TARGET").unwrap();
    let clang = match env::var("CSHIM_CLANG") {
        Ok(c) if !c.is_empty() => c,
        _ => output(Command::new(&cshim).args(["flags", "--cc"])),
    };
    let o = |name: &str| out.join(name);
    let s = |p: &Path| p.to_str().expect("UTF-8 path").to_string();

    // The same gen command as ../kobj/Makefile's, with its spec file when it has one.
    let mut gen = Command::new(&cshim);
    gen.arg("gen").arg(kobj.join("kobj.h"));
    if kobj.join("kobj.spec").exists() {
        gen.arg("--spec").arg(kobj.join("kobj.spec"));
    }
    run(gen.arg("-o").arg(o("kobj.c")).arg("--header").arg(o("kobj.h")).arg("--rust").arg(o("kobj.rs")));
    // CSHIM_HELPER_CFLAGS: extra flags for the helpers, e.g. the kernel's
    // -fno-delete-null-pointer-checks (always_inline still inlines them).
    let extra = env::var("CSHIM_HELPER_CFLAGS").unwrap_or_default();
    let extra: Vec<&str> = extra.split_whitespace().collect();
    let cc = |args: &[&str]| {
        run(Command::new(&clang).arg(format!("--target={target}")).args(["-O2", "-std=c11", "-Wall", "-Werror"])
            .arg(format!("-I{}", kobj.display())).args(&extra).args(args));
    };
    cc(&["-emit-llvm", "-c", &s(&o("kobj.c")), "-o", &s(&o("kobj_helpers.bc"))]);
    cc(&["-c", &s(&o("kobj.c")), "-o", &s(&o("kobj_helpers.o"))]);
    cc(&["-c", &s(&kobj.join("kobj.c")), "-o", &s(&o("kobj_lib.o"))]);
    let ar = s(&o("libkobj.a"));
    let _ = std::fs::remove_file(&ar);
    run(Command::new("ar").args(["crs", &ar, &s(&o("kobj_helpers.o")), &s(&o("kobj_lib.o"))]));

    println!("cargo::rustc-link-search=native={}", out.display());
    println!("cargo::rustc-link-lib=static=kobj");
    // For the wrapper: the bitcode to merge into this package's crates.
    println!("cargo::rustc-env=CSHIM_HELPERS_BC={}", o("kobj_helpers.bc").display());
    // For main.rs: where the generated kobj.rs is (env! at compile time).
    println!("cargo::rustc-env=KOBJ_BUILD={}", out.display());
    for f in ["kobj.h", "kobj.c", "kobj.spec"] {
        println!("cargo::rerun-if-changed={}", kobj.join(f).display());
    }
    println!("cargo::rerun-if-changed=build.rs");
    for v in ["CSHIM", "CSHIM_CLANG", "CSHIM_HELPER_CFLAGS"] {
        println!("cargo::rerun-if-env-changed={v}");
    }
}
