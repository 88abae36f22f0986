//! The Rust half of cshim's kobj example: the calls direct.c makes to
//! kobj.h's static inline functions, made here through the helpers cshim
//! generated (`rust_helper_*`), printing the same lines.  The Makefile diffs
//! the two outputs, then `cshim check` proves that cross-language LTO inlined
//! every helper into this program.
//!
//! Built by the Makefile with KOBJ_BUILD set to the directory holding the
//! generated `kobj.rs` (rustc's `env!` reads the compile-time environment).

use std::cell::UnsafeCell;
use std::ffi::{c_char, c_int, c_long, c_uint, c_ulong, c_void, CStr};
use std::hint::black_box;
use std::mem::{offset_of, MaybeUninit};
use std::ptr;
use std::sync::atomic::{AtomicU32, Ordering};

mod ffi {
    include!(concat!(env!("KOBJ_BUILD"), "/kobj.rs"));
}

// kobj.c's real (non-inline) symbols: cshim wraps only what has no symbol,
// so these are declared by hand, as bindgen would declare them.
unsafe extern "C" {
    fn kobj_version() -> *const c_char;
    fn kobj_count_release(kref: *mut ffi::kref);
    fn kobj_released() -> c_ulong;
}

// kobj.h's constant macros come through as Rust constants (ffi::MAX_ERRNO is a c_int).
const MAX_ERRNO: c_long = ffi::MAX_ERRNO as c_long;

/// Storage for a `struct kref { unsigned int refcount; }`.  The bindings
/// declare `ffi::kref` opaque because the API only passes it by pointer, so
/// Rust provides correctly sized and aligned memory and casts the pointer.
#[repr(C)]
struct Kref(UnsafeCell<MaybeUninit<c_uint>>);

impl Kref {
    fn new() -> Self {
        Kref(UnsafeCell::new(MaybeUninit::uninit()))
    }
    fn as_ptr(&self) -> *mut ffi::kref {
        self.0.get().cast()
    }
}

/// Storage for a `struct list_head { struct list_head *next, *prev; }`.
/// Lists point into their nodes: a node must not move while it is linked.
#[repr(C)]
struct ListHead(UnsafeCell<MaybeUninit<[*mut c_void; 2]>>);

impl ListHead {
    fn new() -> Self {
        ListHead(UnsafeCell::new(MaybeUninit::uninit()))
    }
    fn as_ptr(&self) -> *mut ffi::list_head {
        self.0.get().cast()
    }
}

/// direct.c's `struct obj`: a reference count and a list node embedded in an object.
#[repr(C)]
struct Obj {
    id: c_uint,
    refs: Kref,
    node: ListHead,
}

impl Obj {
    fn new(id: c_uint) -> Self {
        Obj { id, refs: Kref::new(), node: ListHead::new() }
    }
}

/// container_of(kref, struct obj, ref)
unsafe fn obj_of_kref(kref: *const ffi::kref) -> *const Obj {
    unsafe { kref.cast::<u8>().sub(offset_of!(Obj, refs)).cast() }
}

/// container_of(node, struct obj, node)
unsafe fn obj_of_node(node: *const ffi::list_head) -> *const Obj {
    unsafe { node.cast::<u8>().sub(offset_of!(Obj, node)).cast() }
}

static RELEASED_ID: AtomicU32 = AtomicU32::new(0);

/// A release callback written in Rust, called from C's kref_put.
unsafe extern "C" fn obj_release(kref: *mut ffi::kref) {
    RELEASED_ID.store(unsafe { (*obj_of_kref(kref)).id }, Ordering::Relaxed);
}

fn int(b: bool) -> c_int {
    c_int::from(b)
}

unsafe fn cstr(p: *const c_char) -> &'static str {
    unsafe { CStr::from_ptr(p) }.to_str().expect("kobj strings are ASCII")
}

unsafe fn print_list(what: &str, head: *const ffi::list_head) {
    let mut line = String::from(what);
    unsafe {
        let mut pos = ffi::list_next(head);
        while pos.cast_const() != head {
            line += &format!(" {}", (*obj_of_node(pos)).id);
            pos = ffi::list_next(pos);
        }
    }
    println!("{line}");
}

fn section_kref() {
    let k = Kref::new();
    let k = k.as_ptr();
    let release = Some(kobj_count_release as unsafe extern "C" fn(*mut ffi::kref));
    unsafe {
        ffi::kref_init(k);
        println!("kref_init kref_read {}", ffi::kref_read(k));
        ffi::kref_get(k);
        ffi::kref_get(k);
        println!("kref_get x2 kref_read {}", ffi::kref_read(k));
        println!("kref_put {}", ffi::kref_put(k, release));
        println!("kref_get_unless_zero {}", int(ffi::kref_get_unless_zero(k)));
        println!("kref_read {}", ffi::kref_read(k));
        for _ in 0..3 {
            let freed = ffi::kref_put(k, release);
            println!("kref_put {} kref_read {}", freed, ffi::kref_read(k));
        }
        println!("kobj_released {}", kobj_released());
        println!("kref_get_unless_zero {}", int(ffi::kref_get_unless_zero(k)));

        let o = Obj::new(7);
        ffi::kref_init(o.refs.as_ptr());
        let freed = ffi::kref_put(o.refs.as_ptr(), Some(obj_release));
        println!("obj kref_put {} released_id {}", freed, RELEASED_ID.load(Ordering::Relaxed));
    }
}

fn section_state() {
    for s in ffi::KOBJ_STATE_NEW..=ffi::KOBJ_STATE_DEAD + 1 {
        println!("kobj_state_name({}) {}", s, unsafe { cstr(ffi::kobj_state_name(s)) });
    }
}

fn section_list() {
    let head = ListHead::new();
    let (o10, o20, o30, o40) = (Obj::new(10), Obj::new(20), Obj::new(30), Obj::new(40));
    let h = head.as_ptr();
    let (n10, n20, n30, n40) = (o10.node.as_ptr(), o20.node.as_ptr(), o30.node.as_ptr(), o40.node.as_ptr());
    unsafe {
        ffi::INIT_LIST_HEAD(h);
        println!("list_empty {} list_count {}", ffi::list_empty(h), ffi::list_count(h));
        ffi::list_add_tail(n20, h);
        println!("list_is_singular {}", ffi::list_is_singular(h));
        ffi::list_add_tail(n30, h);
        ffi::list_add(n10, h);
        print_list("list", h);
        println!(
            "list_empty {} list_count {} list_is_singular {}",
            ffi::list_empty(h),
            ffi::list_count(h),
            ffi::list_is_singular(h)
        );
        println!(
            "list_is_last {} {} {}",
            ffi::list_is_last(n10, h),
            ffi::list_is_last(n20, h),
            ffi::list_is_last(n30, h)
        );
        ffi::__list_add(n40, n10, n20);
        print_list("__list_add", h);
        ffi::list_del(n20);
        print_list("list_del 20", h);
        println!("list_count {}", ffi::list_count(h));
        ffi::list_del(n10);
        ffi::list_del(n40);
        println!("list_is_singular {} list_is_last {}", ffi::list_is_singular(h), ffi::list_is_last(n30, h));
        ffi::list_del(n30);
        println!("list_empty {} list_count {}", ffi::list_empty(h), ffi::list_count(h));
    }
}

fn section_err() {
    let x: c_int = 0;
    let px: *const c_void = (&raw const x).cast();
    unsafe {
        let e = ffi::ERR_PTR(-12);
        println!("ERR_PTR(-12) {:#x}", e as usize);
        println!("IS_ERR(ERR_PTR(-12)) {}", int(ffi::IS_ERR(e)));
        println!("PTR_ERR {}", ffi::PTR_ERR(e));
        println!("IS_ERR(&x) {}", int(ffi::IS_ERR(px)));
        println!("IS_ERR(NULL) {}", int(ffi::IS_ERR(ptr::null())));
        println!("IS_ERR_OR_NULL(NULL) {}", int(ffi::IS_ERR_OR_NULL(ptr::null())));
        println!("IS_ERR_OR_NULL(&x) {}", int(ffi::IS_ERR_OR_NULL(px)));
        println!("IS_ERR_OR_NULL(ERR_PTR(-MAX_ERRNO)) {}", int(ffi::IS_ERR_OR_NULL(ffi::ERR_PTR(-MAX_ERRNO))));
        println!("IS_ERR(ERR_PTR(-MAX_ERRNO - 1)) {}", int(ffi::IS_ERR(ffi::ERR_PTR(-MAX_ERRNO - 1))));
        println!("IS_ERR_VALUE(-1) {}", int(ffi::IS_ERR_VALUE(c_ulong::MAX)));
        println!("IS_ERR_VALUE(4096) {}", int(ffi::IS_ERR_VALUE(4096)));
        println!("PTR_ERR_OR_ZERO(ERR_PTR(-22)) {}", ffi::PTR_ERR_OR_ZERO(ffi::ERR_PTR(-22)));
        println!("PTR_ERR_OR_ZERO(&x) {}", ffi::PTR_ERR_OR_ZERO(px));
    }
}

/// DECLARE_BITMAP(name, bits): the number of unsigned longs.
const fn bits_to_longs(bits: usize) -> usize {
    bits.div_ceil(c_ulong::BITS as usize)
}

fn section_bits() {
    let mut map: [c_ulong; bits_to_longs(200)] = [0; bits_to_longs(200)];
    let empty: [c_ulong; 2] = [0; 2];
    let m = map.as_mut_ptr();
    unsafe {
        for bit in [0, 5, 64, 130, 199] {
            ffi::set_bit(bit, m);
        }
        println!("map {:#x} {:#x} {:#x} {:#x}", *m, *m.add(1), *m.add(2), *m.add(3));
        println!(
            "test_bit 5 {} 6 {} 130 {} 131 {}",
            int(ffi::test_bit(5, m)),
            int(ffi::test_bit(6, m)),
            int(ffi::test_bit(130, m)),
            int(ffi::test_bit(131, m))
        );
        println!(
            "bitmap_weight 200 {} 131 {} 130 {}",
            ffi::bitmap_weight(m, 200),
            ffi::bitmap_weight(m, 131),
            ffi::bitmap_weight(m, 130)
        );
        ffi::clear_bit(5, m);
        println!("clear_bit 5 test_bit {} bitmap_weight {}", int(ffi::test_bit(5, m)), ffi::bitmap_weight(m, 200));
        println!("test_and_set_bit 6 {}", int(ffi::test_and_set_bit(6, m)));
        println!("test_and_set_bit 6 {}", int(ffi::test_and_set_bit(6, m)));
        println!("find_first_bit {}", ffi::find_first_bit(m, 200));
        ffi::clear_bit(0, m);
        ffi::clear_bit(6, m);
        println!("find_first_bit {}", ffi::find_first_bit(m, 200));
        println!("find_first_bit 63 {}", ffi::find_first_bit(m, 63));
        println!("find_first_bit empty {}", ffi::find_first_bit(empty.as_ptr(), 100));
        println!("__ffs(0x80) {}", ffi::__ffs(0x80));
        println!("__ffs(1UL << 40) {}", ffi::__ffs(1 << 40));
        println!(
            "fls(0) {} fls(1) {} fls(0x80) {} fls(0x80000000) {}",
            ffi::fls(0),
            ffi::fls(1),
            ffi::fls(0x80),
            ffi::fls(0x8000_0000)
        );
        println!("hweight_long(0xff00ff) {}", ffi::hweight_long(0xff00ff));
        println!("hweight_long(map[2]) {}", ffi::hweight_long(*m.add(2)));
        println!("hweight_long(~0) {}", ffi::hweight_long(!0));
        // Function-like macros, through the helpers kobj.spec types.
        println!(
            "BIT_MASK(70) {:#x} BIT_WORD(70) {} BITS_TO_LONGS(200) {}",
            ffi::BIT_MASK(70),
            ffi::BIT_WORD(70),
            ffi::BITS_TO_LONGS(200)
        );
        println!("BITS_PER_LONG {} GOLDEN_RATIO_32 {:#x}", ffi::BITS_PER_LONG, ffi::GOLDEN_RATIO_32);
    }
}

fn section_kspan() {
    unsafe {
        let s = ffi::kspan_make(10, 5);
        println!("kspan_make {} {}", s.start, s.len);
        println!("kspan_end {}", ffi::kspan_end(s));
        println!(
            "kspan_contains 9 {} 10 {} 14 {} 15 {}",
            int(ffi::kspan_contains(s, 9)),
            int(ffi::kspan_contains(s, 10)),
            int(ffi::kspan_contains(s, 14)),
            int(ffi::kspan_contains(s, 15))
        );
        // Passed by value, so the bindings give kspan its fields.
        let t = ffi::kspan_intersect(s, ffi::kspan { start: 12, len: 10 });
        println!("kspan_intersect {} {}", t.start, t.len);
        let t = ffi::kspan_intersect(s, ffi::kspan_make(20, 1));
        println!("kspan_intersect {} {}", t.start, t.len);
    }
}

fn section_hash() {
    unsafe {
        println!("hash_32(0, 8) {}", ffi::hash_32(0, 8));
        println!("hash_32(1, 8) {}", ffi::hash_32(1, 8));
        println!("hash_32(0xdeadbeef, 16) {}", ffi::hash_32(0xdead_beef, 16));
        println!("hash_32(12345, 32) {}", ffi::hash_32(12345, 32));
    }
}

/// Ten million kref and bit operations: the work that LTO must inline.
/// black_box keeps the loop index opaque so that the loop stays a loop.
fn hot_loop() {
    let mut map: [c_ulong; bits_to_longs(1024)] = [0; bits_to_longs(1024)];
    let m = map.as_mut_ptr();
    let o = Obj::new(99);
    let k = o.refs.as_ptr();
    let (mut hits, mut puts): (c_ulong, c_ulong) = (0, 0);
    unsafe {
        for i in 0..1024u32 {
            if ffi::hash_32(i, 4) < 5 {
                ffi::set_bit(c_long::from(i), m);
            }
        }
        ffi::kref_init(k);
        for i in 0..10_000_000u32 {
            let i = black_box(i);
            ffi::kref_get(k);
            hits += c_ulong::from(ffi::test_bit(c_long::from(i & 1023), m));
            puts += ffi::kref_put(k, Some(obj_release)) as c_ulong;
        }
        println!(
            "hot_loop kref_read {} hits {} releases {} weight {}",
            ffi::kref_read(k),
            hits,
            puts,
            ffi::bitmap_weight(m, 1024)
        );
    }
}

fn main() {
    println!("kobj_version {}", unsafe { cstr(kobj_version()) });
    section_kref();
    section_state();
    section_list();
    section_err();
    section_bits();
    section_kspan();
    section_hash();
    hot_loop();
}
