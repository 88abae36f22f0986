// Calls each function of behave.h through the generated helpers, printing
// the same lines as direct.c.  The declarations come from `cshim gen --rust`.
mod ffi {
    include!(concat!(env!("BEHAVE_DIR"), "/behave.rs"));
}
use std::ffi::CStr;

extern "C" fn mul(a: i32, b: i32) -> i32 {
    a * b
}

fn main() {
    unsafe {
        let mut n = 5;
        let mut row = [1, 2, 3, 4];
        let three = [7, 8, 9];
        let a = ffi::vec2 { x: 1, y: -2 };
        let b = ffi::vec2 { x: 30, y: 40 };
        let bx = ffi::b_box(a, b);
        let bg = ffi::big { a: -5, b: 1234567890123 };
        let sw = ffi::b_big_swap(bg);
        let u = ffi::bits { u: 0x0102030405060708 };
        println!("b_add {}", ffi::b_add(2, -9));
        println!("b_mul64 {}", ffi::b_mul64(-123456789, 4000000000));
        println!("b_is_pow2 {} {} {}", ffi::b_is_pow2(64) as i32, ffi::b_is_pow2(65) as i32, ffi::b_is_pow2(0) as i32);
        ffi::b_bump(&mut n, 37);
        println!("b_bump {}", n);
        println!("b_lerp {:.6}", ffi::b_lerp(1.0, 3.0, 0.25));
        println!("b_next_color {} {}", ffi::b_next_color(ffi::GREEN), ffi::b_next_color(ffi::BLUE));
        let v = ffi::b_vadd(a, b);
        println!("b_vadd {} {}", v.x, v.y);
        let tag = CStr::from_ptr(bx.tag.as_ptr()).to_str().unwrap();
        println!("b_box {} {} {} {} {}", bx.lo.x, bx.lo.y, bx.hi.x, bx.hi.y, tag);
        println!("b_box_area {}", ffi::b_box_area(&bx));
        println!("b_union_byte {} {}", ffi::b_union_byte(u, 0), ffi::b_union_byte(u, 7));
        println!("b_from_double {:x}", ffi::b_from_double(1.5).u);
        println!("b_big_swap {} {}", sw.a, sw.b);
        println!("b_apply {}", ffi::b_apply(Some(mul), 6, 7));
        println!("b_apply_fn {}", ffi::b_apply_fn(Some(mul), 9));
        println!("b_get_sub {}", ffi::b_get_sub().unwrap()(10, 3));
        println!("b_sum3 {}", ffi::b_sum3(three.as_ptr()));
        println!("b_row_sum {}", ffi::b_row_sum(&mut row));
        println!("b_strlen {}", ffi::b_strlen(c"helpers".as_ptr()));
        let va = ffi::b_v4 { v: [1, -2, 3, 40000] };
        let vm = ffi::b_vmul(va, va);
        println!("b_vmul {} {} {} {}", vm.v[0], vm.v[1], vm.v[2], vm.v[3]);
        let ps = ffi::b_pos_swap(ffi::b_pos { pos: ffi::b_pos_pos { head: 7, tail: 9 } });
        println!("b_pos_swap {} {}", ps.pos.head, ps.pos.tail);
        let tg = ffi::b_tagged { kind: 3, __anon_1: ffi::b_tagged___anon_1 { i: 42 } };
        println!("b_tagged_i {}", ffi::b_tagged_i(tg));
        println!("b_twice {}", ffi::b_twice(21));
    }
}
