//! BenchmarkNativeToGo: the cost of a call from a native (Rust-created,
//! so C-created as far as Go knows) thread into Go, three ways, printed as
//! Go benchmark lines so the repository's tools read them:
//!
//!   cgo-export   a plain cgo export, `int64 demo_add_cgo(int64, int64)`
//!   cgo-export-status  a hand-written cgo export with the generated sync
//!                export's shape: `int32 demo_add_cgo_status(int64, int64,
//!                int64 *sum)`, a status and the sum written in place
//!   ferry-sync-unchecked  the generated sync export called directly: the
//!                shape and the panic guard, without the wrapper's check
//!                that the thread is not inside a fast call
//!   ferry-sync   the generated sync call `add_sync` (demo_add_sync through
//!                its cgo export: status, result written in place)
//!   ferry-async  the ring at the C level: each thread keeps WINDOW calls of
//!                demo_add in flight and resubmits each as it completes (C
//!                completion callback); Go worker goroutines serve them in
//!                batches
//!   ferry-async-tokio  the generated async call `Server::add`: one future
//!                per call, one tokio task each, WINDOW in flight
//!   rust-oneshot-tokio  ferry-async-tokio's floor without ferry: the same
//!                tasks awaiting oneshots that a Rust thread completes
//!   ferry-async-tokio-many  `Ring::call_many` futures of 64 calls of
//!                demo_add each, WINDOW calls in flight
//!   ferry-call-many-generated  the same through the generated
//!                `Server::add_many` (no hand-written `ferry::Request`)
//!   ferry-async-oneway  the generated fire-and-forget `Server::tally`
//!                (demo_tally: a + b into a total), a call per send; the
//!                time includes waiting until Go has run every call
//!   ferry-async-blocking  n calls at once of a Go handler that sleeps
//!                10 ms, one tokio task each (the ring has one worker)
//!
//! ns/op is wall time over all calls of all threads; calls/s its inverse
//! (ferry-async-blocking: wall time of the n calls / n).
//! Usage: bench [count] [benchtime, e.g. 1s or 500ms] [name filter: runs
//! the variants whose names contain one of its |-separated parts]
use std::ffi::c_void;
use std::hint::black_box;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Barrier, OnceLock};
use std::thread;
use std::time::{Duration, Instant};

use ferry::sys;
use rust_calls_go::*;

const WINDOW: usize = 512;

fn parse_duration(s: &str) -> Duration {
    let (num, unit) = s.split_at(s.find(|c: char| c.is_alphabetic()).unwrap_or(s.len()));
    let n: f64 = num.parse().expect("benchtime");
    match unit {
        "ms" => Duration::from_secs_f64(n / 1e3),
        "s" | "" => Duration::from_secs_f64(n),
        _ => panic!("benchtime: use s or ms"),
    }
}

/// Runs body on threads threads for about d; returns the calls made and
/// the elapsed time.
fn run(threads: usize, d: Duration, body: fn(Instant) -> u64) -> (u64, Duration) {
    let start = Barrier::new(threads + 1);
    thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                s.spawn(|| {
                    start.wait();
                    body(Instant::now() + d)
                })
            })
            .collect();
        start.wait();
        let t0 = Instant::now();
        let calls = handles.into_iter().map(|h| h.join().unwrap()).sum();
        (calls, t0.elapsed())
    })
}

fn cgo_export(deadline: Instant) -> u64 {
    let mut n = 0u64;
    let mut sum = 0i64;
    while Instant::now() < deadline {
        for i in 0..1024 {
            sum = sum.wrapping_add(unsafe { demo_add_cgo(black_box(i), 1) });
        }
        n += 1024;
    }
    black_box(sum);
    n
}

fn cgo_export_status(deadline: Instant) -> u64 {
    let mut n = 0u64;
    let mut sum = 0i64;
    while Instant::now() < deadline {
        for i in 0..1024 {
            let mut out = 0i64;
            assert_eq!(unsafe { demo_add_cgo_status(black_box(i), 1, &mut out) }, 0);
            sum = sum.wrapping_add(out);
        }
        n += 1024;
    }
    black_box(sum);
    n
}

fn ferry_sync_unchecked(deadline: Instant) -> u64 {
    let mut n = 0u64;
    let mut sum = 0i64;
    while Instant::now() < deadline {
        for i in 0..1024 {
            let mut out = 0i64;
            assert_eq!(unsafe { ferry__go_demo_add_sync(black_box(i), 1, &mut out) }, Status::OK);
            sum = sum.wrapping_add(out);
        }
        n += 1024;
    }
    black_box(sum);
    n
}

fn ferry_sync(deadline: Instant) -> u64 {
    let mut n = 0u64;
    let mut sum = 0i64;
    while Instant::now() < deadline {
        for i in 0..1024 {
            sum = sum.wrapping_add(add_sync(black_box(i), 1).unwrap());
        }
        n += 1024;
    }
    black_box(sum);
    n
}

static SERVER: OnceLock<Server> = OnceLock::new();

fn server() -> &'static Server {
    SERVER.get().unwrap()
}

/// `demo_add_args` of the generated C header, for the C-level variant.
#[repr(C)]
#[derive(Clone, Copy)]
struct AddArgs {
    a: i64,
    b: i64,
}

/// A `demo_add` request for `Ring::call_many`, which takes the lower-level
/// `ferry::Request` (the generated API has one future per call).
struct Add(i64, i64);

// SAFETY: AddArgs is demo_add_args.
unsafe impl ferry::Request for Add {
    type Args<'a> = AddArgs;
    fn args(&self) -> AddArgs {
        AddArgs {
            a: self.0,
            b: self.1,
        }
    }
}

#[repr(C)]
struct Slot {
    call: sys::ferry_call,
    args: AddArgs,
    result: i64,
    done: AtomicBool,
}

unsafe extern "C" fn slot_done(_call: *mut sys::ferry_call, user: *mut c_void) {
    (*(user as *const AtomicBool)).store(true, Ordering::Release);
}

/// Prepares slot for its next call (argument i).
fn prepare(slot: &mut Slot, i: i64) -> *mut sys::ferry_call {
    slot.args = AddArgs { a: i, b: 1 };
    slot.done.store(false, Ordering::Relaxed);
    unsafe {
        sys::ferry_call_init(
            &mut slot.call,
            FN_ADD,
            &slot.args as *const AddArgs as *const c_void,
            &mut slot.result as *mut i64 as *mut c_void,
            Some(slot_done),
            &slot.done as *const AtomicBool as *mut c_void,
        );
    }
    &mut slot.call
}

/// Keeps WINDOW calls in flight: checks the run of completed calls at the
/// front of the window and resubmits them as one batch.
fn ferry_async(deadline: Instant) -> u64 {
    let ring = server().ring().as_raw();
    let mut slots: Vec<Slot> = (0..WINDOW).map(|_| unsafe { std::mem::zeroed() }).collect();
    let mut batch: Vec<*mut sys::ferry_call> = Vec::with_capacity(WINDOW);
    let mut next = 0i64;
    for slot in slots.iter_mut() {
        batch.push(prepare(slot, next));
        next += 1;
    }
    let mut n = 0u64;
    let mut k = 0;
    let mut in_flight = 0;
    let mut spins = 0u32;
    let mut stopping = false;
    let mut next_check = 0u64;
    loop {
        if !batch.is_empty() {
            let queued = unsafe { sys::ferry_ring_submit_many(ring, batch.as_ptr(), batch.len()) };
            assert_eq!(queued as usize, batch.len());
            in_flight += batch.len();
            batch.clear();
        }
        if in_flight == 0 {
            return n;
        }
        // Reading the clock costs as much as a call: every 4096 calls.
        if n >= next_check && !stopping {
            stopping = Instant::now() >= deadline;
            next_check = n + 4096;
        }
        while in_flight > 0 && slots[k].done.load(Ordering::Acquire) {
            let slot = &mut slots[k];
            assert_eq!(slot.call.status, 0);
            assert_eq!(slot.result, slot.args.a + 1);
            n += 1;
            in_flight -= 1;
            if !stopping {
                batch.push(prepare(slot, next));
                next += 1;
            }
            k = (k + 1) % WINDOW;
        }
        if batch.is_empty() {
            // Spin briefly, then let the Go worker have the CPU: with
            // fewer cores than threads, spinning would starve it.
            spins += 1;
            if spins < 64 {
                std::hint::spin_loop();
            } else {
                thread::yield_now();
            }
        } else {
            spins = 0;
        }
    }
}

/// The same through the generated Rust API: `Server::add` futures under a
/// single-thread tokio runtime per thread, WINDOW of them in flight (one
/// task each).
fn ferry_async_tokio(deadline: Instant) -> u64 {
    tasks_in_flight(deadline, |i| server().add(i, 1))
}

/// Keeps WINDOW tokio tasks in flight on a current-thread runtime until
/// deadline, task i awaiting call(i), which must give i + 1; returns how
/// many calls completed.
fn tasks_in_flight<F, E>(deadline: Instant, call: impl Fn(i64) -> F) -> u64
where
    F: std::future::Future<Output = Result<i64, E>> + Send + 'static,
    E: std::fmt::Debug + Send + 'static,
{
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    rt.block_on(async {
        let mut set = tokio::task::JoinSet::new();
        let mut n = 0u64;
        let mut i = 0i64;
        loop {
            while set.len() < WINDOW {
                let result = call(i);
                set.spawn(async move { (i, result.await) });
                i += 1;
            }
            let (a, sum) = set.join_next().await.unwrap().unwrap();
            assert_eq!(sum.unwrap(), a + 1);
            n += 1;
            if n.is_multiple_of(4096) && Instant::now() >= deadline {
                break;
            }
        }
        while let Some(done) = set.join_next().await {
            let (a, sum) = done.unwrap();
            assert_eq!(sum.unwrap(), a + 1);
            n += 1;
        }
        n
    })
}

/// The floor of ferry-async-tokio without ferry: the same tokio tasks,
/// WINDOW in flight, each awaiting a oneshot that another thread (a Rust
/// server, polling for 50 us before it sleeps, as the Go workers do)
/// completes with a + b. What is left is the executor's spawn and the
/// cross-thread wake.
fn rust_oneshot_tokio(deadline: Instant) -> u64 {
    use std::sync::mpsc;
    use tokio::sync::oneshot;
    type Job = (i64, i64, oneshot::Sender<i64>);
    let (submit, jobs) = mpsc::channel::<Job>();
    let server = thread::spawn(move || loop {
        let spin = Instant::now();
        let job = loop {
            match jobs.try_recv() {
                Ok(job) => break Some(job),
                Err(mpsc::TryRecvError::Disconnected) => break None,
                Err(mpsc::TryRecvError::Empty) if spin.elapsed() < Duration::from_micros(50) => {
                    std::hint::spin_loop()
                }
                Err(mpsc::TryRecvError::Empty) => break jobs.recv().ok(),
            }
        };
        let Some((a, b, done)) = job else { return };
        let _ = done.send(a + b);
    });
    let n = tasks_in_flight(deadline, |i| {
        let (done, result) = oneshot::channel();
        submit.send((i, 1, done)).unwrap();
        result
    });
    drop(submit);
    server.join().unwrap();
    n
}

/// Calls per batch in the `*-many` variants.
const BATCH: usize = 64;

/// Calls in batches of BATCH, WINDOW calls in flight, until the deadline:
/// `batch(first)` makes the batch adding 1 to first, first + 1, ...; the
/// executor is woken once per batch.
fn batches_in_flight<F, E>(deadline: Instant, batch: impl Fn(i64) -> F) -> u64
where
    F: std::future::Future<Output = Vec<Result<i64, E>>> + Send + 'static,
    E: std::fmt::Debug + PartialEq + Send + 'static,
{
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    rt.block_on(async {
        let mut set = tokio::task::JoinSet::new();
        let mut n = 0u64;
        let mut i = 0i64;
        let mut stopping = false;
        loop {
            while !stopping && set.len() < WINDOW / BATCH {
                let first = i;
                let calls = batch(first);
                set.spawn(async move { (first, calls.await) });
                i += BATCH as i64;
            }
            let Some(done) = set.join_next().await else {
                return n;
            };
            let (first, results) = done.unwrap();
            for (k, sum) in results.into_iter().enumerate() {
                assert_eq!(sum, Ok(first + k as i64 + 1));
            }
            n += BATCH as u64;
            if !stopping && Instant::now() >= deadline {
                stopping = true;
            }
        }
    })
}

/// Batches through the Rust API: `Ring::call_many` futures of hand-written
/// `Add` requests.
fn ferry_async_tokio_many(deadline: Instant) -> u64 {
    let ring = server().ring();
    batches_in_flight(deadline, |first| {
        ring.call_many::<_, i64>(
            FN_ADD,
            (0..BATCH as i64).map(|k| Add(first + k, 1)).collect(),
        )
    })
}

/// The same batches through the generated `Server::add_many`: no
/// `ferry::Request` written by hand.
fn ferry_call_many_generated(deadline: Instant) -> u64 {
    batches_in_flight(deadline, |first| {
        server().add_many((0..BATCH as i64).map(move |k| (first + k, 1)))
    })
}

/// Fire-and-forget calls sent by every thread (each adds 1 to Go's total).
static TALLIED: AtomicU64 = AtomicU64::new(0);

/// Sends demo_tally (0 + 1) until the deadline, then waits until Go's total
/// has every call sent so far: the calls were run, not only queued.
fn ferry_async_oneway(deadline: Instant) -> u64 {
    let mut n = 0u64;
    while Instant::now() < deadline {
        for _ in 0..256 {
            server().tally(0, 1).expect("tally");
        }
        n += 256;
        TALLIED.fetch_add(256, Ordering::Relaxed);
    }
    while (tally_total().unwrap() as u64) < TALLIED.load(Ordering::Relaxed) {
        thread::yield_now();
    }
    n
}

fn main() {
    let mut args = std::env::args().skip(1);
    let count: usize = args.next().map(|s| s.parse().expect("count")).unwrap_or(1);
    let benchtime = parse_duration(&args.next().unwrap_or_else(|| "1s".into()));
    let filter = args.next().unwrap_or_default();
    let cpus = thread::available_parallelism().map_or(1, |n| n.get());
    let started = Server::start(1024, 1).expect("serve");
    started.set_idle_spin(Duration::from_micros(50));
    let _ = SERVER.set(started);
    type Body = fn(Instant) -> u64;
    let variants: [(&str, Body); 10] = [
        ("cgo-export", cgo_export),
        ("cgo-export-status", cgo_export_status),
        ("ferry-sync-unchecked", ferry_sync_unchecked),
        ("ferry-sync", ferry_sync),
        ("ferry-async", ferry_async),
        ("ferry-async-tokio", ferry_async_tokio),
        ("rust-oneshot-tokio", rust_oneshot_tokio),
        ("ferry-async-tokio-many", ferry_async_tokio_many),
        ("ferry-call-many-generated", ferry_call_many_generated),
        ("ferry-async-oneway", ferry_async_oneway),
    ];
    // Warm up: binds Go's Ms to the threads' first calls, starts workers.
    for (_, body) in variants {
        run(2, Duration::from_millis(50), body);
    }
    for _ in 0..count {
        for threads in [1, 2] {
            for (name, body) in variants {
                if !filter.split('|').any(|f| name.contains(f)) {
                    continue;
                }
                let (calls, elapsed) = run(threads, benchtime, body);
                let ns = elapsed.as_nanos() as f64 / calls as f64;
                println!(
                    "BenchmarkNativeToGo/{name}/threads={threads}-{cpus}\t{calls}\t{ns:.2} ns/op\t{:.0} calls/s",
                    1e9 / ns
                );
            }
        }
    }
    if filter.split('|').any(|f| "ferry-async-blocking".contains(f)) {
        for _ in 0..count {
            for n in [1, 64, 1024] {
                let ns = ferry_async_blocking(n).as_nanos() as f64 / n as f64;
                println!(
                    "BenchmarkNativeToGo/ferry-async-blocking/n={n}-{cpus}\t{n}\t{ns:.0} ns/op"
                );
            }
        }
    }
    server().stop(ferry::CloseMode::Drain);
}

/// n calls at once of a Go handler that sleeps BLOCKING_MS, each awaited
/// in its own tokio task; returns the wall time of all of them. The ring's
/// one worker would take n * BLOCKING_MS running them one after another.
fn ferry_async_blocking(n: usize) -> Duration {
    const BLOCKING_MS: u32 = 10;
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    rt.block_on(async {
        let start = Instant::now();
        let tasks: Vec<_> = (0..n)
            .map(|_| tokio::spawn(server().fetch(BLOCKING_MS, 0, String::new())))
            .collect();
        for task in tasks {
            task.await.unwrap().unwrap();
        }
        start.elapsed()
    })
}
