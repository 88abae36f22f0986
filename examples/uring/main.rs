//! The Rust half of cshim's liburing example: real file I/O through io_uring.
//! It writes known data to a temporary file in linked writes ending in an
//! fsync, reads it back together with one read that must fail, reaps every
//! completion, and checks the data and each result code.  Every static inline
//! function of liburing.h it uses (io_uring_get_sqe, io_uring_prep_*,
//! io_uring_sqe_set_*, io_uring_wait_cqe, io_uring_peek_cqe,
//! io_uring_cqe_get_data, io_uring_cqe_seen) is called through the helpers
//! cshim generated; with cross-language LTO they inline away, which
//! `cshim check` proves on the linked binary.
//!
//! Exit status: 0 when everything matched, 1 on any mismatch or error, 77
//! when the kernel refuses io_uring (ENOSYS or EPERM from
//! io_uring_queue_init: a seccomp filter, kernel.io_uring_disabled), so that
//! a test can skip the run and say why.
//!
//! Built by the Makefile with URING_BUILD set to the directory holding the
//! generated `uring.rs` (rustc's `env!` reads the compile-time environment).

use std::cell::{Cell, UnsafeCell};
use std::ffi::{c_int, c_uint, c_void};
use std::fs::{self, File, OpenOptions};
use std::io;
use std::mem::MaybeUninit;
use std::os::fd::AsRawFd;
use std::path::PathBuf;
use std::process::ExitCode;
use std::ptr;

mod ffi {
    include!(concat!(env!("URING_BUILD"), "/uring.rs"));
}

// liburing's real (non-inline) symbols, from liburing.so: cshim wraps only
// what has no symbol, so these are declared by hand, as bindgen declares them.
unsafe extern "C" {
    fn io_uring_queue_init(entries: c_uint, ring: *mut ffi::io_uring, flags: c_uint) -> c_int;
    fn io_uring_queue_exit(ring: *mut ffi::io_uring);
    fn io_uring_submit(ring: *mut ffi::io_uring) -> c_int;
}

const BLOCKS: usize = 8;
const BLOCK_SIZE: usize = 4096;
const ENTRIES: c_uint = 16;
const EXIT_UNAVAILABLE: u8 = 77;

/// Storage for a `struct io_uring`.  The generated Rust declares it opaque
/// (the API passes it only by pointer), so Rust provides the memory: its size
/// is `sizeof(struct io_uring)` as clang computed it for uring_abi.h, and the
/// assertion below checks the alignment against `_Alignof` at compile time.
#[repr(C, align(8))]
struct RingMem(UnsafeCell<MaybeUninit<[u8; ffi::URING_SIZEOF_RING as usize]>>);

const _: () = assert!(
    align_of::<RingMem>() % ffi::URING_ALIGNOF_RING as usize == 0
        && size_of::<RingMem>() == ffi::URING_SIZEOF_RING as usize
);

impl RingMem {
    fn as_ptr(&self) -> *mut ffi::io_uring {
        self.0.get().cast()
    }
}

/// An initialised ring; boxed so that it never moves, torn down on drop.
struct Ring(Box<RingMem>);

impl Ring {
    /// io_uring_queue_init, or the positive errno it failed with.
    fn new(entries: c_uint) -> Result<Ring, c_int> {
        let mem = Box::new(RingMem(UnsafeCell::new(MaybeUninit::uninit())));
        let ret = unsafe { io_uring_queue_init(entries, mem.as_ptr(), 0) };
        if ret < 0 {
            Err(-ret)
        } else {
            Ok(Ring(mem))
        }
    }

    fn as_ptr(&self) -> *mut ffi::io_uring {
        self.0.as_ptr()
    }

    /// Queues one operation: `prep` fills the next free submission queue
    /// entry, then the entry gets `flags` and `op`'s address as user data
    /// (after prep, which clears the flags).
    fn queue(&self, op: &Op, flags: c_uint, prep: impl FnOnce(*mut ffi::io_uring_sqe)) -> Result<(), String> {
        let sqe = unsafe { ffi::io_uring_get_sqe(self.as_ptr()) };
        if sqe.is_null() {
            return Err(format!("{}: submission queue full", op.name));
        }
        prep(sqe);
        unsafe {
            ffi::io_uring_sqe_set_flags(sqe, flags);
            ffi::io_uring_sqe_set_data(sqe, ptr::from_ref(op).cast_mut().cast::<c_void>());
        }
        Ok(())
    }

    /// io_uring_submit, which must take all `want` queued entries.
    fn submit(&self, want: usize) -> Result<(), String> {
        let ret = unsafe { io_uring_submit(self.as_ptr()) };
        if ret < 0 {
            return Err(format!("io_uring_submit: {}", io::Error::from_raw_os_error(-ret)));
        }
        if ret as usize != want {
            return Err(format!("io_uring_submit: {ret} entries submitted, expected {want}"));
        }
        Ok(())
    }
}

impl Drop for Ring {
    fn drop(&mut self) {
        unsafe { io_uring_queue_exit(self.as_ptr()) }
    }
}

/// One queued operation: what its completion must say, and what it said.
/// The submission carries its address (io_uring_sqe_set_data) and the
/// completion gives it back (io_uring_cqe_get_data).
struct Op {
    name: String,
    expect: c_int,
    result: Cell<Option<c_int>>,
}

impl Op {
    fn new(name: String, expect: c_int) -> Op {
        Op { name, expect, result: Cell::new(None) }
    }
}

/// How the completions were reaped.
#[derive(Default)]
struct Reaped {
    waited: usize,
    peeked: usize,
}

/// Reaps one completion per op: io_uring_wait_cqe when none is ready,
/// io_uring_peek_cqe while some are.  Records each result in its op.
fn reap(ring: &Ring, ops: &[Op], counts: &mut Reaped) -> Result<(), String> {
    let mut cqe: *mut ffi::io_uring_cqe = ptr::null_mut();
    let mut ready = false;
    for _ in ops {
        if ready {
            counts.peeked += 1;
        } else {
            let ret = unsafe { ffi::io_uring_wait_cqe(ring.as_ptr(), &mut cqe) };
            if ret < 0 {
                return Err(format!("io_uring_wait_cqe: {}", io::Error::from_raw_os_error(-ret)));
            }
            counts.waited += 1;
        }
        let op = unsafe { ffi::io_uring_cqe_get_data(cqe) }.cast::<Op>().cast_const();
        let res = unsafe { ffi::uring_cqe_res(cqe) };
        unsafe { ffi::io_uring_cqe_seen(ring.as_ptr(), cqe) };
        let Some(op) = ops.iter().find(|o| ptr::eq(*o, op)) else {
            return Err(format!("completion with unknown user data {op:p} (res {res})"));
        };
        if op.result.replace(Some(res)).is_some() {
            return Err(format!("{}: completed twice", op.name));
        }
        ready = match unsafe { ffi::io_uring_peek_cqe(ring.as_ptr(), &mut cqe) } {
            0 => true,
            ret if ret == -ffi::EAGAIN => false,
            ret => return Err(format!("io_uring_peek_cqe: {}", io::Error::from_raw_os_error(-ret))),
        };
    }
    if ready {
        return Err("a completion more than the operations queued".to_string());
    }
    Ok(())
}

/// Every op completed with the result it expected: the count of those that
/// did, and one line in `errors` per op that did not.
fn check_results(ops: &[Op], errors: &mut Vec<String>) -> usize {
    let before = errors.len();
    for op in ops {
        match op.result.get() {
            Some(res) if res == op.expect => {}
            Some(res) => errors.push(format!("{}: result {res}, expected {}", op.name, op.expect)),
            None => errors.push(format!("{}: no completion", op.name)),
        }
    }
    ops.len() - (errors.len() - before)
}

/// The file's known content: a byte pattern that differs between blocks.
fn pattern(offset: usize) -> u8 {
    (offset.wrapping_mul(131).wrapping_add(offset / BLOCK_SIZE * 17) % 251) as u8
}

/// A new empty file in the temporary directory, removed when dropped.
struct TempFile {
    path: PathBuf,
    file: File,
}

impl TempFile {
    fn create() -> io::Result<TempFile> {
        let path = std::env::temp_dir().join(format!("cshim-uring-{}.dat", std::process::id()));
        let file = OpenOptions::new().read(true).write(true).create_new(true).open(&path)?;
        Ok(TempFile { path, file })
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.path);
    }
}

fn block_len() -> c_uint {
    BLOCK_SIZE as c_uint
}

fn block_offset(block: usize) -> u64 {
    (block * BLOCK_SIZE) as u64
}

/// Phase 1: one write per block, each linked to the next (IOSQE_IO_LINK),
/// the last linked to an fsync: the kernel runs them in order and the fsync
/// only after every write succeeded.
fn write_phase(ring: &Ring, fd: c_int, data: &[u8], counts: &mut Reaped) -> Result<Vec<Op>, String> {
    let mut ops: Vec<Op> = (0..BLOCKS).map(|b| Op::new(format!("write block {b}"), block_len() as c_int)).collect();
    ops.push(Op::new("fsync".to_string(), 0));
    for (b, op) in ops[..BLOCKS].iter().enumerate() {
        let buf = data[b * BLOCK_SIZE..].as_ptr().cast::<c_void>();
        ring.queue(op, ffi::IOSQE_IO_LINK, |sqe| unsafe {
            ffi::io_uring_prep_write(sqe, fd, buf, block_len(), block_offset(b))
        })?;
    }
    ring.queue(&ops[BLOCKS], 0, |sqe| unsafe { ffi::io_uring_prep_fsync(sqe, fd, ffi::IORING_FSYNC_DATASYNC) })?;
    ring.submit(ops.len())?;
    reap(ring, &ops, counts)?;
    Ok(ops)
}

/// Phase 2: read every block back into its own buffer, last block first,
/// and read from fd -1, which must complete with -EBADF.
fn read_phase(ring: &Ring, fd: c_int, back: &mut [u8], counts: &mut Reaped) -> Result<Vec<Op>, String> {
    let mut ops: Vec<Op> =
        (0..BLOCKS).rev().map(|b| Op::new(format!("read block {b}"), block_len() as c_int)).collect();
    ops.push(Op::new("read from fd -1".to_string(), -ffi::EBADF));
    let mut spare = [0u8; 16];
    for (i, op) in ops[..BLOCKS].iter().enumerate() {
        let b = BLOCKS - 1 - i;
        let buf = back[b * BLOCK_SIZE..].as_mut_ptr().cast::<c_void>();
        ring.queue(op, 0, |sqe| unsafe { ffi::io_uring_prep_read(sqe, fd, buf, block_len(), block_offset(b)) })?;
    }
    let buf = spare.as_mut_ptr().cast::<c_void>();
    ring.queue(&ops[BLOCKS], 0, |sqe| unsafe { ffi::io_uring_prep_read(sqe, -1, buf, spare.len() as c_uint, 0) })?;
    ring.submit(ops.len())?;
    reap(ring, &ops, counts)?;
    Ok(ops)
}

/// Both phases on a new temporary file; the list of mismatches, empty when
/// everything matched.
fn exercise(ring: &Ring) -> Result<Vec<String>, String> {
    let tmp = TempFile::create().map_err(|e| format!("temporary file: {e}"))?;
    let fd = tmp.file.as_raw_fd();
    let data: Vec<u8> = (0..BLOCKS * BLOCK_SIZE).map(pattern).collect();
    let mut back = vec![0u8; data.len()];
    let mut counts = Reaped::default();
    let mut errors = Vec::new();

    let writes = write_phase(ring, fd, &data, &mut counts)?;
    let mut good = check_results(&writes, &mut errors);
    println!(
        "write: {BLOCKS} blocks of {BLOCK_SIZE} bytes, linked (IOSQE_IO_LINK) to an fsync: {} completions",
        writes.len()
    );
    let size = tmp.file.metadata().map_err(|e| format!("{}: {e}", tmp.path.display()))?.len();
    if size != data.len() as u64 {
        errors.push(format!("file size {size}, expected {}", data.len()));
    }

    let reads = read_phase(ring, fd, &mut back, &mut counts)?;
    good += check_results(&reads, &mut errors);
    println!("read: {BLOCKS} blocks back, last first, and one from fd -1: {} completions", reads.len());
    println!(
        "reaped: {} completions, {} by io_uring_wait_cqe, {} by io_uring_peek_cqe",
        counts.waited + counts.peeked,
        counts.waited,
        counts.peeked
    );
    println!(
        "results: {good} of {} as expected (write {BLOCK_SIZE}, fsync 0, read {BLOCK_SIZE}, fd -1 -EBADF)",
        writes.len() + reads.len()
    );
    match data.iter().zip(&back).position(|(a, b)| a != b) {
        Some(at) => errors.push(format!("data differs at byte {at}: wrote {}, read {}", data[at], back[at])),
        None => println!("data: {} bytes read back equal to those written", data.len()),
    }
    Ok(errors)
}

fn main() -> ExitCode {
    let ring = match Ring::new(ENTRIES) {
        Ok(ring) => ring,
        Err(e) if e == ffi::ENOSYS || e == ffi::EPERM => {
            let name = if e == ffi::ENOSYS { "ENOSYS" } else { "EPERM" };
            println!("io_uring unavailable: io_uring_queue_init: {name}: {}", io::Error::from_raw_os_error(e));
            return ExitCode::from(EXIT_UNAVAILABLE);
        }
        Err(e) => {
            eprintln!("uring-rust: io_uring_queue_init: {}", io::Error::from_raw_os_error(e));
            return ExitCode::FAILURE;
        }
    };
    println!(
        "ring: {ENTRIES} entries (struct io_uring: {} bytes, align {}, as C says)",
        ffi::URING_SIZEOF_RING,
        ffi::URING_ALIGNOF_RING
    );
    match exercise(&ring) {
        Ok(errors) if errors.is_empty() => {
            println!("uring: ok");
            ExitCode::SUCCESS
        }
        Ok(errors) => {
            for e in &errors {
                eprintln!("uring-rust: mismatch: {e}");
            }
            eprintln!("uring-rust: {} mismatches", errors.len());
            ExitCode::FAILURE
        }
        Err(e) => {
            eprintln!("uring-rust: {e}");
            ExitCode::FAILURE
        }
    }
}
