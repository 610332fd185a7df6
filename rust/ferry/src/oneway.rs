//! Fire-and-forget calls through a ring (`Ring::send`): the call owns a
//! copy of its arguments, returns once it is queued, and a failure goes to
//! a function the caller names instead of a future nobody awaits.

use std::cell::UnsafeCell;
use std::ffi::c_void;
use std::mem::MaybeUninit;

use crate::ring::{Request, Response, Ring};
use crate::status::{check, Error};
use crate::sys;

/// One queued call: the ring holds its address until it completes, then
/// `on_sent_done` frees it. The request is boxed on its own so that the
/// views in `args` stay valid however the block moves before submission.
#[repr(C)]
struct Sent<Q: Request, R: Response> {
    call: UnsafeCell<sys::ferry_call>,
    request: Box<Q>,
    args: MaybeUninit<Q::Args<'static>>,
    result: UnsafeCell<MaybeUninit<R>>,
    failed: fn(i32, R),
}

impl Ring {
    /// Calls handler `fn_index` and returns once the call is queued, without
    /// waiting for it (waiting only while the ring is full). The call owns
    /// `request`. When it completes with a failure (an error, a panic,
    /// ECANCELED from a cancelling close), `failed` runs with the status and
    /// the result (which may hold the handler's message), on the thread
    /// that completed it; on success the result is dropped. Err(ECLOSED):
    /// the ring is closed and nothing runs.
    ///
    /// The ring must stay alive until its queued calls complete: close it
    /// (every accepted call then completes) before the last handle drops.
    pub fn send<Q: Request, R: Response>(
        &self,
        fn_index: u32,
        request: Q,
        failed: fn(i32, R),
    ) -> Result<(), Error> {
        let mut sent = Box::new(Sent::<Q, R> {
            // SAFETY: a ferry_call is plain data; ferry_call_init fills it.
            call: UnsafeCell::new(unsafe { MaybeUninit::zeroed().assume_init() }),
            request: Box::new(request),
            args: MaybeUninit::uninit(),
            result: UnsafeCell::new(MaybeUninit::zeroed()),
            failed,
        });
        let args = sent.request.args();
        // SAFETY: the views borrow *sent.request, which does not move and
        // drops after args (on_sent_done drops args first).
        unsafe {
            std::ptr::write(sent.args.as_mut_ptr().cast::<Q::Args<'_>>(), args);
        }
        let raw = Box::into_raw(sent);
        // SAFETY: raw lives until on_sent_done frees it; the call, args and
        // result are in it.
        unsafe {
            sys::ferry_call_init(
                (*raw).call.get(),
                fn_index,
                (*raw).args.as_ptr() as *const c_void,
                (*raw).result.get() as *mut c_void,
                Some(on_sent_done::<Q, R>),
                raw as *mut c_void,
            );
            let status = sys::ferry_ring_submit(self.as_raw(), (*raw).call.get());
            if status != 0 {
                free_sent(raw); // not queued: done never runs
            }
            check(status)
        }
    }
}

/// Drops the arguments, then the rest (the request they view).
unsafe fn free_sent<Q: Request, R: Response>(raw: *mut Sent<Q, R>) -> MaybeUninit<R> {
    // SAFETY: raw came from Box::into_raw and args were written.
    unsafe {
        (*raw).args.assume_init_drop();
        let sent = Box::from_raw(raw);
        sent.result.into_inner()
    }
}

unsafe extern "C" fn on_sent_done<Q: Request, R: Response>(
    call: *mut sys::ferry_call,
    user: *mut c_void,
) {
    let raw = user as *mut Sent<Q, R>;
    // SAFETY: the ring completed the call: this side owns the block again,
    // and the result is what the handler wrote (zeroed at worst, valid for
    // a Response).
    unsafe {
        let status = (*call).status;
        let failed = (*raw).failed;
        let result = free_sent(raw).assume_init();
        if status != 0 {
            failed(status, result);
        }
    }
}
