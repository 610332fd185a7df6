//! Asynchronous calls into Go through a call ring (include/ferry_ring.h).
//!
//! [`Ring::call_async`] returns a future that works under any executor:
//! its first poll submits the call; the Go worker that completes it runs
//! a C callback ([`on_done`]) that wakes the waker the future stored. A
//! call's memory (the `ferry_call`, the request the Go handler reads in
//! place, the result it writes) lives in one reference-counted block that
//! the callback keeps alive, so dropping a pending future is safe: the
//! call still completes, and the block is freed then.
//!
//! The future hands its waker to the completing thread through a
//! [`WakerSlot`]: no lock, and on the common path (one poll that submits,
//! one after the wake) no atomic operation on the caller's side at all.

use std::cell::UnsafeCell;
use std::ffi::c_void;
use std::future::Future;
use std::mem::MaybeUninit;
use std::pin::Pin;
use std::ptr::{self, NonNull};
use std::sync::atomic::{AtomicBool, AtomicU8, AtomicUsize, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll, Waker};

use crate::status::{check, Error, Status};
use crate::sys;

/// A request: owned data, and the `#[repr(C)]` view of it the Go handler
/// reads in place (the argument struct). The argument struct lives as
/// long as the call, then drops, before the request.
///
/// # Safety
/// `Args` must have the layout the Go handler expects for its argument
/// struct. Its views borrow from `self`, which the lifetime enforces; what
/// it owns itself (a [`crate::SliceBox`] of views) must not move when the
/// struct moves, as a box's contents do not.
pub unsafe trait Request: Send + Sync + 'static {
    /// The argument struct, made of views of `self`.
    type Args<'a>: Send + Sync
    where
        Self: 'a;
    /// Makes the argument struct.
    fn args(&self) -> Self::Args<'_>;
}

/// A result the Go handler writes in place.
///
/// # Safety
/// The type must be `#[repr(C)]` with the layout the Go handler writes,
/// the all-zero bytes must be a valid value (results start zeroed), and
/// whatever the handler stores must be valid (for owned fields: memory
/// from C's malloc, which Drop frees).
pub unsafe trait Response: Send + 'static {}

// SAFETY: plain data; zero is valid.
unsafe impl Response for () {}
unsafe impl Response for i32 {}
unsafe impl Response for i64 {}
unsafe impl Response for u32 {}
unsafe impl Response for u64 {}
unsafe impl Response for f64 {}
unsafe impl Response for crate::OwnedStr {}
unsafe impl<T: Response> Response for crate::OwnedSlice<T> {}

// SAFETY: no argument struct at all; the handler ignores the pointer.
unsafe impl Request for () {
    type Args<'a> = ();
    fn args(&self) {}
}

/// How [`Ring::close`] treats calls still queued.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CloseMode {
    /// Servers run them.
    Drain,
    /// They complete at once with [`Status::Ecanceled`].
    Cancel,
}

struct RingInner {
    raw: NonNull<sys::ferry_ring>,
    owned: bool,
}

// SAFETY: the C ring is made for use from many threads.
unsafe impl Send for RingInner {}
unsafe impl Sync for RingInner {}

impl Drop for RingInner {
    fn drop(&mut self) {
        if self.owned {
            // SAFETY: the last handle: no future or server uses it.
            unsafe {
                sys::ferry_ring_close(self.raw.as_ptr(), sys::FERRY_RING_CANCEL);
                sys::ferry_ring_free(self.raw.as_ptr());
            }
        }
    }
}

/// A handle to a call ring; clones share the ring.
#[derive(Clone)]
pub struct Ring {
    inner: Arc<RingInner>,
}

impl Ring {
    /// Makes a ring of capacity calls (rounded up to a power of two), freed
    /// when the last handle (including pending futures') drops.
    pub fn new(capacity: usize) -> Result<Ring, Error> {
        let mut raw = ptr::null_mut();
        // SAFETY: raw is a valid out pointer.
        check(unsafe { sys::ferry_ring_new(capacity, &mut raw) })?;
        Ok(Ring {
            inner: Arc::new(RingInner {
                raw: NonNull::new(raw).unwrap(),
                owned: true,
            }),
        })
    }

    /// A handle to a ring made elsewhere (by Go's ring.New); it is not freed
    /// by Rust.
    ///
    /// # Safety
    /// raw must be a live ring that outlives every handle and future made
    /// from this one.
    pub unsafe fn from_raw(raw: *mut sys::ferry_ring) -> Ring {
        let raw = NonNull::new(raw).expect("ferry: null ring");
        Ring {
            inner: Arc::new(RingInner { raw, owned: false }),
        }
    }

    /// The C ring.
    pub fn as_raw(&self) -> *mut sys::ferry_ring {
        self.inner.raw.as_ptr()
    }

    /// How many calls the ring holds.
    pub fn capacity(&self) -> usize {
        // SAFETY: live ring.
        unsafe { sys::ferry_ring_capacity(self.as_raw()) }
    }

    /// How many calls are queued and not yet taken; a snapshot.
    pub fn len(&self) -> usize {
        // SAFETY: live ring.
        unsafe { sys::ferry_ring_length(self.as_raw()) }
    }

    /// Whether no call is queued; a snapshot.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether the ring is closed.
    pub fn is_closed(&self) -> bool {
        // SAFETY: live ring.
        unsafe { sys::ferry_ring_is_closed(self.as_raw()) != 0 }
    }

    /// Refuses further calls (they fail with [`Status::Eclosed`]). Queued
    /// calls are run or cancelled as mode says; returns how many this
    /// thread cancelled.
    pub fn close(&self, mode: CloseMode) -> usize {
        let mode = match mode {
            CloseMode::Drain => sys::FERRY_RING_DRAIN,
            CloseMode::Cancel => sys::FERRY_RING_CANCEL,
        };
        // SAFETY: live ring; the mode is valid, so the result is a count.
        unsafe { sys::ferry_ring_close(self.as_raw(), mode) as usize }
    }

    /// Calls handler fn_index with request and waits, blocking the thread
    /// (a full ring blocks it too). For threads that are not async.
    pub fn call<Q: Request, R: Response>(&self, fn_index: u32, request: &Q) -> Result<R, Error> {
        let args = request.args();
        let mut result = MaybeUninit::<R>::zeroed();
        let mut call = MaybeUninit::<sys::ferry_call>::uninit();
        // SAFETY: args and result outlive the call, which ends before
        // ferry_ring_call returns (or was never queued).
        unsafe {
            sys::ferry_call_init(
                call.as_mut_ptr(),
                fn_index,
                &args as *const Q::Args<'_> as *const c_void,
                result.as_mut_ptr() as *mut c_void,
                None,
                ptr::null_mut(),
            );
            let status = sys::ferry_ring_call(self.as_raw(), call.as_mut_ptr());
            // Zero or written by the handler: valid either way (Response).
            let result = result.assume_init();
            check(status).map(|()| result)
        }
    }

    /// Calls handler fn_index with request; the future resolves to the
    /// handler's result, or its status when that is not OK,
    /// [`Status::Eclosed`] if the ring closed before the call was queued,
    /// or [`Status::Ecanceled`] if a cancelling close dropped it. The first
    /// poll submits the call; while the ring is full the future yields and
    /// retries (backpressure without blocking the executor's thread).
    pub fn call_async<Q: Request, R: Response>(&self, fn_index: u32, request: Q) -> Call<Q, R> {
        let mut state = Arc::new(CallState {
            call: UnsafeCell::new(MaybeUninit::zeroed()),
            request,
            args: UnsafeCell::new(MaybeUninit::uninit()),
            args_ready: false,
            result: UnsafeCell::new(MaybeUninit::zeroed()),
            result_taken: AtomicBool::new(false),
            waker: WakerSlot::new(),
        });
        // The views must point at the request where it now lives for good.
        let st = Arc::get_mut(&mut state).unwrap();
        let args = st.request.args();
        // SAFETY: the views borrow st.request, which lives (unmoved, never
        // mutated) until after st.args drops (CallState's Drop).
        unsafe { ptr::write(st.args.get() as *mut Q::Args<'_>, args) };
        st.args_ready = true;
        Call {
            ring: self.clone(),
            fn_index,
            state: Some(state),
            submitted: false,
        }
    }
}

struct CallState<Q: Request, R: Response> {
    call: UnsafeCell<MaybeUninit<sys::ferry_call>>,
    request: Q,
    args: UnsafeCell<MaybeUninit<Q::Args<'static>>>,
    args_ready: bool,
    result: UnsafeCell<MaybeUninit<R>>,
    result_taken: AtomicBool,
    waker: WakerSlot,
}

// SAFETY: the request is shared with the Go handler (Sync), the result
// handed over once (Send); the call and args cells are written only before
// submission, the result only by the handler before completion.
unsafe impl<Q: Request, R: Response> Send for CallState<Q, R> {}
unsafe impl<Q: Request, R: Response> Sync for CallState<Q, R> {}

impl<Q: Request, R: Response> CallState<Q, R> {
    fn call_ptr(&self) -> *mut sys::ferry_call {
        self.call.get() as *mut sys::ferry_call
    }
}

impl<Q: Request, R: Response> Drop for CallState<Q, R> {
    fn drop(&mut self) {
        if self.args_ready {
            // SAFETY: written by call_async; the request it borrows drops
            // after this.
            unsafe { ptr::drop_in_place(self.args.get_mut().as_mut_ptr()) };
        }
        if !*self.result_taken.get_mut() {
            // SAFETY: zeroed or written by the handler: valid (Response).
            unsafe { ptr::drop_in_place(self.result.get_mut().as_mut_ptr()) };
        }
    }
}

/// Runs on the completing thread (a Go worker): wakes the future and gives
/// back the reference the ring held.
unsafe extern "C" fn on_done<Q: Request, R: Response>(
    _call: *mut sys::ferry_call,
    user: *mut c_void,
) {
    // SAFETY: user is the Arc reference leaked at submission.
    let state = unsafe { Arc::from_raw(user as *const CallState<Q, R>) };
    // SAFETY: the call is done: this is the completion.
    let waker = unsafe { state.waker.take_on_completion() };
    // Dropped before the wake, so that the future's drop, on the
    // executor's thread, is the last and frees the block there.
    drop(state);
    if let Some(waker) = waker {
        waker.wake();
    }
}

/// The future of [`Ring::call_async`].
pub struct Call<Q: Request, R: Response> {
    ring: Ring,
    fn_index: u32,
    state: Option<Arc<CallState<Q, R>>>,
    submitted: bool,
}

impl<Q: Request, R: Response> Call<Q, R> {
    /// The same call as a future of its status code and its result,
    /// whatever the status: for results that carry something on failure
    /// too (a message). A call that never ran (the ring refused or
    /// cancelled it) gives its status and an all-zero result.
    pub fn with_status(self) -> CallWithStatus<Q, R> {
        CallWithStatus { call: self }
    }

    /// The status and the result of a completed call.
    fn take(&mut self) -> (i32, R) {
        let state = self
            .state
            .take()
            .expect("ferry: Call polled after it completed");
        // SAFETY: the call is done (acquire), so status and result are
        // final; the completing thread touches neither any more.
        let status = unsafe { (*state.call_ptr()).status };
        state.result_taken.store(true, Ordering::Relaxed);
        // SAFETY: zeroed or written by the handler: valid (Response); taken
        // once (result_taken).
        (status, unsafe { ptr::read((*state.result.get()).as_ptr()) })
    }

    fn finish(&mut self) -> Result<R, Error> {
        let (status, result) = self.take();
        check(status).map(|()| result)
    }

    fn submit(state: &Arc<CallState<Q, R>>, fn_index: u32, ring: &Ring, cx: &Context<'_>) -> i32 {
        // SAFETY: the state is not shared with any other thread until the
        // submission succeeds (the ring holds no reference to it yet).
        // Stored first: the call may complete before try_submit returns.
        unsafe { state.waker.set_unshared(cx.waker()) };
        let user = Arc::into_raw(state.clone()) as *mut c_void;
        // SAFETY: as above; args and result live as long as the state.
        let status = unsafe {
            sys::ferry_call_init(
                state.call_ptr(),
                fn_index,
                state.args.get() as *const c_void,
                state.result.get() as *mut c_void,
                Some(on_done::<Q, R>),
                user,
            );
            sys::ferry_ring_try_submit(ring.as_raw(), state.call_ptr())
        };
        if status != Status::Ok.code() {
            // SAFETY: not queued, so the ring's reference is still ours.
            drop(unsafe { Arc::from_raw(user as *const CallState<Q, R>) });
        }
        status
    }

    /// Submits on the first poll, then resolves once the call is done
    /// (its state is then final), or to the error that kept it from being
    /// queued. While the ring is full it yields and retries.
    fn poll_done(&mut self, cx: &Context<'_>) -> Poll<Result<(), Error>> {
        let state = self
            .state
            .as_ref()
            .expect("ferry: Call polled after it completed");
        if !self.submitted {
            let status = Self::submit(state, self.fn_index, &self.ring, cx);
            if status == Status::Efull.code() {
                cx.waker().wake_by_ref();
                return Poll::Pending;
            }
            if let Err(e) = check(status) {
                self.state = None;
                return Poll::Ready(Err(e));
            }
            self.submitted = true;
        } else {
            // SAFETY: the call lives as long as state.
            let done = unsafe { sys::ferry_call_is_done(state.call_ptr()) } != 0;
            // Polled again before completion (another waker, or a spurious
            // poll): the completion wakes the waker stored now. A failed
            // update means the completion has come, after marking the call
            // done.
            if !done && state.waker.update(cx.waker()) {
                return Poll::Pending;
            }
        }
        // Just submitted (a quick call may be done already), or done.
        // SAFETY: the call lives as long as state.
        if unsafe { sys::ferry_call_is_done(state.call_ptr()) } != 0 {
            return Poll::Ready(Ok(()));
        }
        Poll::Pending
    }
}

impl<Q: Request, R: Response> Future for Call<Q, R> {
    type Output = Result<R, Error>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.get_mut();
        match this.poll_done(cx) {
            Poll::Pending => Poll::Pending,
            Poll::Ready(Err(e)) => Poll::Ready(Err(e)),
            Poll::Ready(Ok(())) => Poll::Ready(this.finish()),
        }
    }
}

/// The future of [`Call::with_status`].
pub struct CallWithStatus<Q: Request, R: Response> {
    call: Call<Q, R>,
}

impl<Q: Request, R: Response> Future for CallWithStatus<Q, R> {
    type Output = (i32, R);

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let call = &mut self.get_mut().call;
        match call.poll_done(cx) {
            Poll::Pending => Poll::Pending,
            // SAFETY: all zeros is a valid R (Response).
            Poll::Ready(Err(e)) => Poll::Ready((e.code(), unsafe {
                MaybeUninit::<R>::zeroed().assume_init()
            })),
            Poll::Ready(Ok(())) => Poll::Ready(call.take()),
        }
    }
}

/// How a call's future hands its waker to the thread that completes the
/// call, without a lock. One completion per slot, ever, so the protocol
/// is smaller than a general atomic waker's: the future stores its first
/// waker before the call is shared (a plain write, published by the
/// submission), the completion takes it with one swap, and only a poll
/// between submission and completion (a new waker, a spurious wake)
/// pays two compare-and-swaps to replace it.
struct WakerSlot {
    state: AtomicU8,
    waker: UnsafeCell<Option<Waker>>,
}

/// The waker in the slot is the completion's to take.
const SLOT_READY: u8 = 0;
/// The future is replacing the waker; the completion must not touch it.
const SLOT_UPDATING: u8 = 1;
/// The completion has come: the slot belongs to the future again (and to
/// the state's drop).
const SLOT_COMPLETED: u8 = 2;

impl WakerSlot {
    fn new() -> WakerSlot {
        WakerSlot {
            state: AtomicU8::new(SLOT_READY),
            waker: UnsafeCell::new(None),
        }
    }

    /// Stores w.
    ///
    /// # Safety
    /// No other thread may use the slot yet.
    unsafe fn set_unshared(&self, w: &Waker) {
        // SAFETY: the caller's; nobody else reads the cell now.
        let slot = unsafe { &mut *self.waker.get() };
        if !slot.as_ref().is_some_and(|old| old.will_wake(w)) {
            *slot = Some(w.clone());
        }
    }

    /// Makes w the waker the completion wakes; false if the completion
    /// has come (then the call is done, and nobody will wake w).
    fn update(&self, w: &Waker) -> bool {
        if self
            .state
            .compare_exchange(
                SLOT_READY,
                SLOT_UPDATING,
                Ordering::Acquire,
                Ordering::Acquire,
            )
            .is_err()
        {
            return false;
        }
        // SAFETY: UPDATING: the completion keeps off the cell.
        unsafe { self.set_unshared(w) };
        // The completion may have come meanwhile and left the slot to us.
        self.state
            .compare_exchange(
                SLOT_UPDATING,
                SLOT_READY,
                Ordering::AcqRel,
                Ordering::Acquire,
            )
            .is_ok()
    }

    /// The waker to wake, unless the future is replacing it right now (it
    /// then sees the completion and does not wait).
    ///
    /// # Safety
    /// Only the completion may call this, once, after the call is marked
    /// done.
    unsafe fn take_on_completion(&self) -> Option<Waker> {
        if self.state.swap(SLOT_COMPLETED, Ordering::AcqRel) != SLOT_READY {
            return None;
        }
        // SAFETY: READY, now COMPLETED: the future no longer writes it.
        unsafe { (*self.waker.get()).take() }
    }
}

impl<Q: Request, R: Response> Unpin for CallWithStatus<Q, R> {}

impl<Q: Request, R: Response> Unpin for Call<Q, R> {}

impl Ring {
    /// Calls handler fn_index once per request, as one batch: the calls are
    /// submitted together (one CAS per run of free slots) and the future
    /// wakes once, when the last completes. Resolves to the results in
    /// request order; a call the ring refused because it closed gets
    /// [`Status::Eclosed`]. A full ring makes the future yield and submit
    /// the rest later. Far cheaper per call than [`Ring::call_async`] when
    /// calls come in groups: the executor is woken once per batch.
    pub fn call_many<Q: Request, R: Response>(
        &self,
        fn_index: u32,
        requests: Vec<Q>,
    ) -> CallMany<Q, R> {
        let n = requests.len();
        let mut state = Arc::new(BatchState {
            calls: (0..n)
                .map(|_| UnsafeCell::new(MaybeUninit::zeroed()))
                .collect(),
            call_ptrs: Box::new([]),
            requests: requests.into_boxed_slice(),
            args: (0..n).map(|_| MaybeUninit::uninit()).collect(),
            args_ready: 0,
            results: (0..n)
                .map(|_| UnsafeCell::new(MaybeUninit::zeroed()))
                .collect(),
            results_done: AtomicBool::new(false),
            pending: AtomicUsize::new(n),
            waker: WakerSlot::new(),
        });
        let st = Arc::get_mut(&mut state).unwrap();
        let user = st as *mut BatchState<Q, R> as *mut c_void;
        for i in 0..n {
            let args = st.requests[i].args();
            // SAFETY: the views borrow st.requests, whose boxed elements
            // never move and drop after st.args (BatchState's Drop).
            unsafe { ptr::write(st.args[i].as_mut_ptr().cast::<Q::Args<'_>>(), args) };
            st.args_ready += 1;
            // SAFETY: the call, args and result live as long as the state,
            // which the ring's reference keeps alive until completion.
            unsafe {
                sys::ferry_call_init(
                    st.calls[i].get() as *mut sys::ferry_call,
                    fn_index,
                    st.args[i].as_ptr() as *const c_void,
                    st.results[i].get() as *mut c_void,
                    Some(on_batch_done::<Q, R>),
                    user,
                );
            }
        }
        st.call_ptrs = st
            .calls
            .iter()
            .map(|c| c.get() as *mut sys::ferry_call)
            .collect();
        CallMany {
            ring: self.clone(),
            state: Some(state),
            submitted: 0,
            ring_holds_ref: false,
        }
    }
}

struct BatchState<Q: Request, R: Response> {
    calls: Box<[UnsafeCell<MaybeUninit<sys::ferry_call>>]>,
    call_ptrs: Box<[*mut sys::ferry_call]>,
    requests: Box<[Q]>,
    args: Box<[MaybeUninit<Q::Args<'static>>]>,
    args_ready: usize,
    results: Box<[UnsafeCell<MaybeUninit<R>>]>,
    results_done: AtomicBool,
    /// Calls not completed yet; whoever takes it to zero drops the ring's
    /// reference to the state and wakes the future.
    pending: AtomicUsize,
    waker: WakerSlot,
}

// SAFETY: as CallState: requests shared with the handlers (Sync), results
// handed over once (Send), the rest written only before submission.
unsafe impl<Q: Request, R: Response> Send for BatchState<Q, R> {}
unsafe impl<Q: Request, R: Response> Sync for BatchState<Q, R> {}

impl<Q: Request, R: Response> BatchState<Q, R> {
    /// Counts done calls; the last one gives back the ring's reference and
    /// wakes the future. Nothing may touch the state after a count that is
    /// not the last: the state may be gone.
    ///
    /// # Safety
    /// this must be the pointer whose reference the ring holds.
    unsafe fn finish_calls(this: *const Self, count: usize) {
        if (*this).pending.fetch_sub(count, Ordering::AcqRel) != count {
            return;
        }
        let waker = (*this).waker.take_on_completion();
        drop(Arc::from_raw(this));
        if let Some(waker) = waker {
            waker.wake();
        }
    }
}

impl<Q: Request, R: Response> Drop for BatchState<Q, R> {
    fn drop(&mut self) {
        for a in &mut self.args[..self.args_ready] {
            // SAFETY: initialized by call_many; the requests drop after.
            unsafe { ptr::drop_in_place(a.as_mut_ptr()) };
        }
        if !*self.results_done.get_mut() {
            for r in self.results.iter_mut() {
                // SAFETY: zeroed or written by a handler: valid (Response).
                unsafe { ptr::drop_in_place(r.get_mut().as_mut_ptr()) };
            }
        }
    }
}

unsafe extern "C" fn on_batch_done<Q: Request, R: Response>(
    _call: *mut sys::ferry_call,
    user: *mut c_void,
) {
    // SAFETY: user is the state the ring holds a reference to.
    unsafe { BatchState::<Q, R>::finish_calls(user as *const BatchState<Q, R>, 1) };
}

/// The future of [`Ring::call_many`].
pub struct CallMany<Q: Request, R: Response> {
    ring: Ring,
    state: Option<Arc<BatchState<Q, R>>>,
    submitted: usize,
    ring_holds_ref: bool,
}

impl<Q: Request, R: Response> Future for CallMany<Q, R> {
    type Output = Vec<Result<R, Error>>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.get_mut();
        let state = this
            .state
            .clone()
            .expect("ferry: CallMany polled after it completed");
        let n = state.call_ptrs.len();
        if n == 0 {
            this.state = None;
            return Poll::Ready(Vec::new());
        }
        if !this.ring_holds_ref {
            // One reference for all the calls, given back by the last.
            std::mem::forget(state.clone());
            this.ring_holds_ref = true;
            // SAFETY: no call is queued yet, so nobody else has the state.
            // Stored first: the calls may complete before submit returns.
            unsafe { state.waker.set_unshared(cx.waker()) };
        } else if state.pending.load(Ordering::Acquire) != 0 {
            // A failed update: the last call has completed meanwhile.
            state.waker.update(cx.waker());
        }
        while this.submitted < n {
            let rest = &state.call_ptrs[this.submitted..];
            // SAFETY: the calls are initialized and not yet queued.
            let k = unsafe {
                sys::ferry_ring_try_submit_many(this.ring.as_raw(), rest.as_ptr(), rest.len())
            };
            if k > 0 {
                this.submitted += k as usize;
            } else if k == 0 {
                cx.waker().wake_by_ref(); // full: yield, then submit the rest
                return Poll::Pending;
            } else {
                // Closed: the rest will never be queued; they fail here.
                for &call in rest {
                    // SAFETY: not queued, so still ours alone.
                    unsafe { (*call).status = k };
                }
                this.submitted = n;
                // SAFETY: the state the ring holds a reference to.
                unsafe { BatchState::finish_calls(Arc::as_ptr(&state), rest.len()) };
            }
        }
        if state.pending.load(Ordering::Acquire) != 0 {
            return Poll::Pending; // the last completion wakes the waker
        }
        this.state = None;
        let results = state
            .call_ptrs
            .iter()
            .zip(state.results.iter())
            .map(|(&call, result)| {
                // SAFETY: every call is done (pending reached zero, acquire);
                // each result is taken or dropped exactly once here.
                unsafe {
                    match check((*call).status) {
                        Ok(()) => Ok(ptr::read((*result.get()).as_ptr())),
                        Err(e) => {
                            ptr::drop_in_place((*result.get()).as_mut_ptr());
                            Err(e)
                        }
                    }
                }
            })
            .collect();
        state.results_done.store(true, Ordering::Relaxed);
        Poll::Ready(results)
    }
}

impl<Q: Request, R: Response> Drop for CallMany<Q, R> {
    fn drop(&mut self) {
        if let Some(state) = &self.state {
            let n = state.call_ptrs.len();
            if self.ring_holds_ref && self.submitted < n {
                // Dropped with calls never queued: count them as done.
                // SAFETY: the state the ring holds a reference to.
                unsafe { BatchState::finish_calls(Arc::as_ptr(state), n - self.submitted) };
            }
        }
    }
}

impl<Q: Request, R: Response> Unpin for CallMany<Q, R> {}
