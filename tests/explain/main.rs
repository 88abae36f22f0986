// Three calls of one helper from one function that is never inlined itself,
// so every remark names the same caller: main::twice.
extern "C" {
    fn rust_helper_add(a: i32, b: i32) -> i32;
}

#[inline(never)]
fn twice(x: i32) -> i32 {
    unsafe { rust_helper_add(x, x) + rust_helper_add(x, 1) + rust_helper_add(2, x) }
}

fn main() {
    std::process::exit(twice(std::env::args().count() as i32) & 1)
}
