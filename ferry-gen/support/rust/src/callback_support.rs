//! What a module with FERRY_CALLBACK types carries (rs_callback_support).

use std::ffi::c_void;

use ferry::{Error, Status};

// ferry-gen:begin rs_callback_support

extern "C" {
    fn ferry_callback_call(
        cb: *mut c_void,
        a0: usize,
        a1: usize,
        a2: usize,
        a3: usize,
        result: *mut usize,
    ) -> i32;
}

/// Calls the Go function behind cb with four words: its result word, or the
/// status of the failure.
///
/// # Safety
///
/// cb is the handle of a call in progress on this thread.
unsafe fn ferry_callback(cb: *mut c_void, w: [usize; 4]) -> Result<usize, Error> {
    let mut result = 0;
    match unsafe { ferry_callback_call(cb, w[0], w[1], w[2], w[3], &mut result) } {
        0 => Ok(result),
        status => Err(Error::new(Status(status), "")),
    }
}
// ferry-gen:end
