//! The Rust half of examples/rust-calls-go: the mirror of go/demo.h (the
//! users request, its argument view, the results) and the Go functions
//! the c-archive exports. Used by the demo (main.rs), the stress test and
//! the benchmark (bin/).
use ferry::{sys, Bytes, OwnedSlice, OwnedStr, Request, Response, SliceBox, Str};

/// A user as the Rust program holds it.
#[derive(Debug, Clone)]
pub struct User {
    pub name: String,
    pub age: u32,
}

/// `demo_user` as an argument: a view of a [`User`].
#[repr(C)]
pub struct UserView<'a> {
    pub name: Str<'a>,
    pub age: u32,
}

/// `demo_user` as a result: the name is Rust's to free.
#[repr(C)]
#[derive(Debug)]
pub struct OwnedUser {
    pub name: OwnedStr,
    pub age: u32,
}

// SAFETY: the layout of demo_user; zero is an empty user.
unsafe impl Response for OwnedUser {}

/// The request: users and a blob.
#[derive(Debug, Clone, Default)]
pub struct UsersRequest {
    pub users: Vec<User>,
    pub blob: Vec<u8>,
}

/// `demo_request`: views of a [`UsersRequest`].
#[repr(C)]
pub struct RequestArgs<'a> {
    pub users: SliceBox<UserView<'a>>,
    pub blob: Bytes<'a>,
}

// SAFETY: RequestArgs is demo_request.
unsafe impl Request for UsersRequest {
    type Args<'a> = RequestArgs<'a>;
    fn args(&self) -> RequestArgs<'_> {
        RequestArgs {
            users: self
                .users
                .iter()
                .map(|u| UserView {
                    name: Str::new(&u.name),
                    age: u.age,
                })
                .collect(),
            blob: Bytes::new(&self.blob),
        }
    }
}

/// `demo_summary`, owned: dropping it frees what Go allocated.
#[repr(C)]
#[derive(Debug)]
pub struct Summary {
    pub count: u32,
    pub total_age: u32,
    pub blob_sum: u64,
    pub notes: u32,
    pub oldest: OwnedStr,
    pub adults: OwnedSlice<OwnedUser>,
}

// SAFETY: the layout of demo_summary; zero is valid.
unsafe impl Response for Summary {}

/// `demo_greeting`, owned.
#[repr(C)]
#[derive(Debug)]
pub struct Greeting {
    pub text: OwnedStr,
    pub users: u32,
}

// SAFETY: the layout of demo_greeting; zero is valid.
unsafe impl Response for Greeting {}

/// `demo_add_args`.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct AddArgs {
    pub a: i64,
    pub b: i64,
}

/// Two numbers to add through the ring.
pub struct Add(pub i64, pub i64);

// SAFETY: AddArgs is demo_add_args.
unsafe impl Request for Add {
    type Args<'a> = AddArgs;
    fn args(&self) -> AddArgs {
        AddArgs {
            a: self.0,
            b: self.1,
        }
    }
}

/// Ring handler indexes (demo.h).
pub const DEMO_FN_GREET: u32 = 1;
pub const DEMO_FN_ADD: u32 = 2;

extern "C" {
    pub fn demo_note(req: *const RequestArgs<'_>);
    pub fn demo_summarize(req: *const RequestArgs<'_>, out: *mut Summary) -> i32;
    pub fn demo_add(a: i64, b: i64) -> i64;
    pub fn demo_add_sync(args: *const AddArgs, out: *mut i64) -> i32;
    pub fn demo_ring_start(
        capacity: i32,
        workers: i32,
        idle_spin_micros: i32,
    ) -> *mut sys::ferry_ring;
    pub fn demo_ring_stop(cancel: i32) -> i32;
    pub fn demo_gc_start();
    pub fn demo_gc_stop() -> i64;
}

/// Oneway: Go records the users; nothing comes back.
pub fn note(req: &UsersRequest) {
    let args = req.args();
    // SAFETY: args borrows req for the call; Go keeps no pointer into it.
    unsafe { demo_note(&args) }
}

/// Sync: a summary with a list, in memory this side owns.
pub fn summarize(req: &UsersRequest) -> Result<Summary, ferry::Error> {
    let args = req.args();
    let mut out = std::mem::MaybeUninit::<Summary>::zeroed();
    // SAFETY: as note; Go fills out (zero is valid too).
    let status = unsafe { demo_summarize(&args, out.as_mut_ptr()) };
    let out = unsafe { out.assume_init() };
    ferry::check(status).map(|()| out)
}
