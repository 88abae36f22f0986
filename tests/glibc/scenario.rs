//! scenario.rs: the calls scenario.c makes, through the generated helpers.
//! Built with SCENARIO_RS pointing at the generated Rust declarations.

mod ffi {
    include!(env!("SCENARIO_RS"));
}

use std::ffi::c_int;

const FX_NADDRS: c_int = 12;

unsafe extern "C" {
    fn fx_init();
    fn fx_fdset(i: c_int) -> *mut ffi::fd_set;
    fn fx_cpuset(i: c_int) -> *mut ffi::cpu_set_t;
    fn fx_msghdr() -> *mut ffi::msghdr;
    fn fx_control() -> *const u8;
    fn fx_stat() -> *const ffi::stat;
    fn fx_in6(i: c_int) -> *const ffi::in6_addr;
    fn fx_locale() -> ffi::locale_t;
}

unsafe fn fdsets() {
    unsafe {
        let s = fx_fdset(0);
        ffi::FD_ZERO(s);
        ffi::FD_SET(0, s);
        ffi::FD_SET(5, s);
        ffi::FD_SET(1023, s);
        ffi::FD_CLR(5, s);
        for fd in 0..1024 {
            if ffi::FD_ISSET(fd, s) != 0 {
                println!("FD_ISSET {fd}");
            }
        }
    }
}

unsafe fn cpusets() {
    unsafe {
        let (a, b, d) = (fx_cpuset(0), fx_cpuset(1), fx_cpuset(2));
        let size = ffi::CPU_ALLOC_SIZE(1024);
        ffi::CPU_ZERO(a);
        ffi::CPU_ZERO(b);
        for cpu in (0..1024).step_by(3) {
            ffi::CPU_SET(cpu, a);
        }
        for cpu in (0..1024).step_by(5) {
            ffi::CPU_SET_S(cpu, size, b);
        }
        ffi::CPU_CLR(9, a);
        ffi::CPU_CLR_S(10, size, b);
        println!("CPU_COUNT {} {}", ffi::CPU_COUNT(a), ffi::CPU_COUNT_S(size, b));
        println!("CPU_EQUAL {} {}", ffi::CPU_EQUAL(a, b), ffi::CPU_EQUAL_S(size, a, a));
        ffi::CPU_AND(d, a, b);
        println!("CPU_AND {} {}", ffi::CPU_COUNT(d), ffi::CPU_ISSET(15, d));
        ffi::CPU_OR(d, a, b);
        println!("CPU_OR {} {}", ffi::CPU_COUNT(d), ffi::CPU_ISSET_S(10, size, d));
        ffi::CPU_XOR(d, a, b);
        println!("CPU_XOR {}", ffi::CPU_COUNT(d));
        ffi::CPU_AND_S(size, d, a, b);
        ffi::CPU_OR_S(size, d, d, a);
        ffi::CPU_XOR_S(size, d, d, b);
        println!("CPU_*_S {}", ffi::CPU_COUNT_S(size, d));
        ffi::CPU_ZERO_S(size, d);
        println!("CPU_ZERO_S {}", ffi::CPU_COUNT(d));
        let big = ffi::CPU_ALLOC(4096);
        ffi::CPU_ZERO_S(ffi::CPU_ALLOC_SIZE(4096), big);
        ffi::CPU_SET_S(4000, ffi::CPU_ALLOC_SIZE(4096), big);
        println!("CPU_ALLOC {}", ffi::CPU_ISSET_S(4000, ffi::CPU_ALLOC_SIZE(4096), big));
        ffi::CPU_FREE(big);
    }
}

unsafe fn cmsgs() {
    unsafe {
        let m = fx_msghdr();
        let base = fx_control();
        let mut c = ffi::CMSG_FIRSTHDR(m);
        while !c.is_null() {
            println!("CMSG at {} data at {}", c.cast::<u8>().offset_from(base), ffi::CMSG_DATA(c).cast_const().offset_from(base));
            c = ffi::CMSG_NXTHDR(m, c);
        }
    }
}

unsafe fn in6() {
    unsafe {
        for i in 0..FX_NADDRS {
            let a = fx_in6(i);
            println!(
                "IN6 {}: {}{}{}{}{}{}{}{}{}{}{}{} {}",
                i,
                ffi::IN6_IS_ADDR_UNSPECIFIED(a),
                ffi::IN6_IS_ADDR_LOOPBACK(a),
                ffi::IN6_IS_ADDR_LINKLOCAL(a),
                ffi::IN6_IS_ADDR_SITELOCAL(a),
                ffi::IN6_IS_ADDR_V4MAPPED(a),
                ffi::IN6_IS_ADDR_V4COMPAT(a),
                ffi::IN6_IS_ADDR_MULTICAST(a),
                ffi::IN6_IS_ADDR_MC_NODELOCAL(a),
                ffi::IN6_IS_ADDR_MC_LINKLOCAL(a),
                ffi::IN6_IS_ADDR_MC_SITELOCAL(a),
                ffi::IN6_IS_ADDR_MC_ORGLOCAL(a),
                ffi::IN6_IS_ADDR_MC_GLOBAL(a),
                ffi::IN6_ARE_ADDR_EQUAL(a, fx_in6(1))
            );
        }
    }
}

fn b(x: c_int) -> c_int {
    c_int::from(x != 0)
}

unsafe fn locales() {
    unsafe {
        let l = fx_locale();
        for c in -1..256 {
            println!(
                "_l {}: {}{}{}{}{}{}{}{}{}{}{}{}",
                c,
                b(ffi::isalnum_l(c, l)),
                b(ffi::isalpha_l(c, l)),
                b(ffi::isblank_l(c, l)),
                b(ffi::iscntrl_l(c, l)),
                b(ffi::isdigit_l(c, l)),
                b(ffi::isgraph_l(c, l)),
                b(ffi::islower_l(c, l)),
                b(ffi::isprint_l(c, l)),
                b(ffi::ispunct_l(c, l)),
                b(ffi::isspace_l(c, l)),
                b(ffi::isupper_l(c, l)),
                b(ffi::isxdigit_l(c, l))
            );
        }
    }
}

fn main() {
    unsafe {
        fx_init();
        fdsets();
        cpusets();
        cmsgs();
        in6();
        locales();
        let st = fx_stat();
        println!("S_TYPEIS {} {} {}", ffi::S_TYPEISMQ(st), ffi::S_TYPEISSEM(st), ffi::S_TYPEISSHM(st));
    }
}
