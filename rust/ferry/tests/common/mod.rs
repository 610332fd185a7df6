//! What the ring tests share: a Rust thread serving a ring as Go's workers
//! do, through the same C interface.
use std::thread;
use std::time::Duration;

use ferry::{sys, Ring, Status};

/// Serves the ring until it closes: takes up to 16 calls at a time, and
/// completes each with the status `run` returns after `delay`. Returns how
/// many calls it served.
pub fn serve(ring: Ring, delay: Duration, run: unsafe fn(&sys::ferry_call) -> i32) -> usize {
    let mut calls = [std::ptr::null_mut(); 16];
    let mut served = 0;
    loop {
        let n =
            unsafe { sys::ferry_ring_wait_take(ring.as_raw(), calls.as_mut_ptr(), calls.len()) };
        if n == Status::Eclosed.code() {
            return served;
        }
        for &call in &calls[..n as usize] {
            thread::sleep(delay);
            // SAFETY: the ring handed the call over; run knows its handlers.
            let status = unsafe { run(&*call) };
            unsafe { sys::ferry_call_complete(call, status) };
            served += 1;
        }
    }
}
