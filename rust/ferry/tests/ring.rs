//! Async calls through a ring under tokio. A Rust thread stands in for
//! Go's worker goroutines here (the Go server is tested in ring/ and in
//! examples/rust-calls-go); it speaks the same C interface.
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::thread;
use std::time::Duration;

use ferry::{sys, Bytes, CloseMode, OwnedStr, Request, Ring, Slice, SliceBox, Status, Str};

mod common;

/// A user as Rust holds it, and the view the handler reads.
struct User {
    name: String,
    age: u32,
}

#[repr(C)]
struct UserView<'a> {
    name: Str<'a>,
    age: u32,
}

struct UsersRequest {
    users: Vec<User>,
    blob: Vec<u8>,
}

#[repr(C)]
struct UsersArgs<'a> {
    users: SliceBox<UserView<'a>>,
    blob: Bytes<'a>,
}

impl UsersRequest {
    fn new(names: &[&str], ages: &[u32], blob: Vec<u8>) -> Self {
        let users = names
            .iter()
            .zip(ages)
            .map(|(n, &age)| User {
                name: n.to_string(),
                age,
            })
            .collect();
        UsersRequest { users, blob }
    }
}

// SAFETY: UsersArgs matches what `run` reads.
unsafe impl Request for UsersRequest {
    type Args<'a> = UsersArgs<'a>;
    fn args(&self) -> UsersArgs<'_> {
        UsersArgs {
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

/// A pair of numbers.
struct Add(i64, i64);

#[repr(C)]
struct AddArgs {
    a: i64,
    b: i64,
}

// SAFETY: AddArgs matches what `serve` reads.
unsafe impl Request for Add {
    type Args<'a> = AddArgs;
    fn args(&self) -> AddArgs {
        AddArgs {
            a: self.0,
            b: self.1,
        }
    }
}

const FN_ADD: u32 = 1;
const FN_SUMMARY: u32 = 2;
const FN_FAIL: u32 = 3;

/// The handlers of the server thread (common::serve): FN_ADD writes a + b,
/// FN_SUMMARY a malloc'd string describing the batch, FN_FAIL fails.
unsafe fn run(call: &sys::ferry_call) -> i32 {
    match call.handler {
        FN_ADD => {
            let args = &*(call.args as *const AddArgs);
            *(call.result as *mut i64) = args.a + args.b;
            0
        }
        FN_SUMMARY => {
            let args = &*(call.args as *const UsersArgs<'_>);
            let names: Vec<&str> = args
                .users
                .iter()
                .map(|u| u.name.as_str().unwrap())
                .collect();
            let ages: Vec<u32> = args.users.iter().map(|u| u.age).collect();
            let text = format!(
                "{}|{:?}|{}",
                names.join(","),
                ages,
                args.blob.as_slice().len()
            );
            let p = sys::malloc(text.len().max(1)) as *mut u8;
            std::ptr::copy_nonoverlapping(text.as_ptr(), p, text.len());
            std::ptr::write(
                call.result as *mut OwnedStr,
                OwnedStr::from_raw(p, text.len()),
            );
            0
        }
        FN_FAIL => Status::Erange.code(),
        _ => Status::Eunsupported.code(),
    }
}

fn start_server(ring: &Ring, delay: Duration) -> thread::JoinHandle<usize> {
    let ring = ring.clone();
    thread::spawn(move || common::serve(ring, delay, run))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn async_calls_return_results_and_statuses() {
    let ring = Ring::new(64).unwrap();
    let server = start_server(&ring, Duration::ZERO);
    let sum: i64 = ring.call_async(FN_ADD, Add(40, 2)).await.unwrap();
    assert_eq!(sum, 42);
    let req = UsersRequest::new(&["ann", "", "bo"], &[31, 0, 7], vec![1, 2, 3]);
    let text: OwnedStr = ring.call_async(FN_SUMMARY, req).await.unwrap();
    assert_eq!(text, "ann,,bo|[31, 0, 7]|3");
    // Empty everything: Rust's dangling pointers cross as empty views.
    let req = UsersRequest::new(&[], &[], Vec::new());
    let text: OwnedStr = ring.call_async(FN_SUMMARY, req).await.unwrap();
    assert_eq!(text, "|[]|0");
    let err = ring
        .call_async::<_, i64>(FN_FAIL, Add(0, 0))
        .await
        .unwrap_err();
    assert_eq!(err, Status::Erange);
    let err = ring.call_async::<_, ()>(99, ()).await.unwrap_err();
    assert_eq!(err, Status::Eunsupported);
    // A large payload, read in place.
    let req = UsersRequest::new(&["x"], &[1], vec![7; 8 << 20]);
    let text: OwnedStr = ring.call_async(FN_SUMMARY, req).await.unwrap();
    assert_eq!(text, format!("x|[1]|{}", 8 << 20).as_str());
    ring.close(CloseMode::Drain);
    assert_eq!(server.join().unwrap(), 6);
    let err = ring
        .call_async::<_, i64>(FN_ADD, Add(1, 1))
        .await
        .unwrap_err();
    assert_eq!(err, Status::Eclosed);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_status_keeps_the_result_of_a_failure() {
    let ring = Ring::new(8).unwrap();
    let server = start_server(&ring, Duration::ZERO);
    // FN_SUMMARY succeeds: status 0 and the result.
    let req = UsersRequest::new(&["cy"], &[3], vec![]);
    let (status, text) = ring
        .call_async::<_, OwnedStr>(FN_SUMMARY, req)
        .with_status()
        .await;
    assert_eq!(status, 0);
    assert_eq!(text, "cy|[3]|0");
    // FN_FAIL writes nothing: its status and the zero result.
    let (status, sum) = ring
        .call_async::<_, i64>(FN_FAIL, Add(1, 2))
        .with_status()
        .await;
    assert_eq!((status, sum), (Status::Erange.code(), 0));
    ring.close(CloseMode::Drain);
    server.join().unwrap();
    // Refused by a closed ring: never ran.
    let (status, sum) = ring
        .call_async::<_, i64>(FN_ADD, Add(1, 2))
        .with_status()
        .await;
    assert_eq!((status, sum), (Status::Eclosed.code(), 0));
}

#[test]
fn blocking_calls_from_plain_threads() {
    let ring = Ring::new(4).unwrap();
    let server = start_server(&ring, Duration::ZERO);
    thread::scope(|s| {
        for t in 0..4i64 {
            let ring = &ring;
            s.spawn(move || {
                for i in 0..2000 {
                    let sum: i64 = ring.call(FN_ADD, &Add(t, i)).unwrap();
                    assert_eq!(sum, t + i);
                }
            });
        }
    });
    ring.close(CloseMode::Drain);
    assert_eq!(server.join().unwrap(), 8000);
}

/// Many tasks on a tiny ring: futures wait for room, nothing is dropped,
/// every result belongs to its request.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_ring_pushes_back_and_every_call_gets_its_own_result() {
    let ring = Ring::new(2).unwrap();
    let servers: Vec<_> = (0..2)
        .map(|_| start_server(&ring, Duration::ZERO))
        .collect();
    let tasks: Vec<_> = (0..2000i64)
        .map(|i| {
            let ring = ring.clone();
            tokio::spawn(
                async move { (i, ring.call_async::<_, i64>(FN_ADD, Add(i, 1000 * i)).await) },
            )
        })
        .collect();
    for task in tasks {
        let (i, result) = task.await.unwrap();
        assert_eq!(result.unwrap(), 1001 * i);
    }
    ring.close(CloseMode::Drain);
    let served: usize = servers.into_iter().map(|s| s.join().unwrap()).sum();
    assert_eq!(served, 2000);
}

/// Counts drops, to see a dropped future's request freed once its call
/// completes.
struct Tracked(Arc<AtomicUsize>);

impl Drop for Tracked {
    fn drop(&mut self) {
        self.0.fetch_add(1, Ordering::SeqCst);
    }
}

// SAFETY: no argument struct; FN_ADD is not called with it.
unsafe impl Request for Tracked {
    type Args<'a> = ();
    fn args(&self) {}
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cancelling_close_completes_pending_calls_as_cancelled() {
    let ring = Ring::new(8).unwrap();
    let drops = Arc::new(AtomicUsize::new(0));
    // No server yet: queue calls, then poll them once so they submit.
    let mut pending = Vec::new();
    for _ in 0..5 {
        let mut call = Box::pin(ring.call_async::<_, ()>(FN_FAIL, Tracked(drops.clone())));
        assert!(futures_poll_once(call.as_mut()).await.is_none());
        pending.push(call);
    }
    assert_eq!(ring.len(), 5);
    // Dropping a submitted future keeps its request alive until the call
    // completes.
    drop(pending.pop());
    assert_eq!(drops.load(Ordering::SeqCst), 0);
    assert_eq!(ring.close(CloseMode::Cancel), 5);
    assert_eq!(drops.load(Ordering::SeqCst), 1);
    for call in pending {
        assert_eq!(call.await.unwrap_err(), Status::Ecanceled);
    }
    assert_eq!(drops.load(Ordering::SeqCst), 5);
}

/// Polls a future once with the task's own waker.
async fn futures_poll_once<F: std::future::Future + Unpin>(mut f: F) -> Option<F::Output> {
    std::future::poll_fn(|cx| {
        std::task::Poll::Ready(match std::pin::Pin::new(&mut f).poll(cx) {
            std::task::Poll::Ready(v) => Some(v),
            std::task::Poll::Pending => None,
        })
    })
    .await
}

/// Several threads, each with its own single-threaded tokio runtime and
/// thousands of calls in flight on a small ring.
#[test]
fn threads_with_their_own_runtimes_share_a_ring() {
    let ring = Ring::new(32).unwrap();
    let server = start_server(&ring, Duration::ZERO);
    thread::scope(|s| {
        for t in 0..3i64 {
            let ring = ring.clone();
            s.spawn(move || {
                let rt = tokio::runtime::Builder::new_current_thread()
                    .build()
                    .unwrap();
                rt.block_on(async {
                    let mut set = tokio::task::JoinSet::new();
                    for i in 0..3000i64 {
                        let call = ring.call_async::<_, i64>(FN_ADD, Add(t << 32, i));
                        set.spawn(async move { (i, call.await) });
                    }
                    let mut seen = vec![false; 3000];
                    while let Some(done) = set.join_next().await {
                        let (i, sum) = done.unwrap();
                        assert_eq!(sum.unwrap(), (t << 32) + i);
                        seen[i as usize] = true;
                    }
                    assert!(seen.iter().all(|&s| s));
                });
            });
        }
    });
    ring.close(CloseMode::Drain);
    assert_eq!(server.join().unwrap(), 9000);
}

#[test]
fn views_keep_layout_of_c() {
    use std::mem::{align_of, size_of};
    assert_eq!(size_of::<Str<'_>>(), 2 * size_of::<usize>());
    assert_eq!(size_of::<Bytes<'_>>(), 2 * size_of::<usize>());
    assert_eq!(size_of::<Slice<'_, u64>>(), 2 * size_of::<usize>());
    assert_eq!(size_of::<OwnedStr>(), 2 * size_of::<usize>());
    assert_eq!(size_of::<SliceBox<u8>>(), 2 * size_of::<usize>());
    assert_eq!(size_of::<sys::ferry_call>(), 48);
    assert_eq!(align_of::<sys::ferry_call>(), 8);
}

/// Batches: one future per group of calls, results in request order, a
/// batch larger than the ring submitted in parts.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn call_many_returns_results_in_order() {
    let ring = Ring::new(16).unwrap();
    let servers: Vec<_> = (0..2)
        .map(|_| start_server(&ring, Duration::ZERO))
        .collect();
    for round in 0..50i64 {
        let requests: Vec<Add> = (0..100).map(|i| Add(round, i)).collect();
        let results = ring.call_many::<_, i64>(FN_ADD, requests).await;
        assert_eq!(results.len(), 100);
        for (i, r) in results.into_iter().enumerate() {
            assert_eq!(r.unwrap(), round + i as i64);
        }
    }
    let results = ring.call_many::<_, i64>(FN_ADD, Vec::<Add>::new()).await;
    assert!(results.is_empty());
    // Owned results and failures in one batch.
    let reqs = vec![
        UsersRequest::new(&["a"], &[1], vec![9]),
        UsersRequest::new(&[], &[], vec![]),
    ];
    let texts = ring.call_many::<_, OwnedStr>(FN_SUMMARY, reqs).await;
    assert_eq!(texts[0].as_ref().unwrap(), &"a|[1]|1");
    assert_eq!(texts[1].as_ref().unwrap(), &"|[]|0");
    let fails = ring
        .call_many::<_, OwnedStr>(FN_FAIL, vec![Add(0, 0), Add(1, 1)])
        .await;
    assert!(fails
        .iter()
        .all(|r| r.as_ref().unwrap_err() == &Status::Erange));
    ring.close(CloseMode::Drain);
    let refused = ring.call_many::<_, i64>(FN_ADD, vec![Add(1, 2)]).await;
    assert_eq!(refused[0].as_ref().unwrap_err(), &Status::Eclosed);
    let served: usize = servers.into_iter().map(|s| s.join().unwrap()).sum();
    assert_eq!(served, 50 * 100 + 2 + 2);
}

/// A cancelling close in the middle of a batch: queued calls come back
/// cancelled, the ones that did not fit refused; dropped batches free
/// their requests once their calls complete.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn call_many_under_a_cancelling_close() {
    let ring = Ring::new(4).unwrap();
    let drops = Arc::new(AtomicUsize::new(0));
    let reqs: Vec<Tracked> = (0..10).map(|_| Tracked(drops.clone())).collect();
    let mut batch = Box::pin(ring.call_many::<_, ()>(FN_FAIL, reqs));
    assert!(futures_poll_once(batch.as_mut()).await.is_none()); // 4 queued
    let dropped_reqs: Vec<Tracked> = (0..3).map(|_| Tracked(drops.clone())).collect();
    let mut dropped = Box::pin(ring.call_many::<_, ()>(FN_FAIL, dropped_reqs));
    assert!(futures_poll_once(dropped.as_mut()).await.is_none()); // none fit
    drop(dropped);
    assert_eq!(drops.load(Ordering::SeqCst), 3);
    assert_eq!(ring.close(CloseMode::Cancel), 4);
    let results = batch.await;
    let cancelled = results
        .iter()
        .filter(|r| r.as_ref().unwrap_err() == &Status::Ecanceled)
        .count();
    let refused = results
        .iter()
        .filter(|r| r.as_ref().unwrap_err() == &Status::Eclosed)
        .count();
    assert_eq!((cancelled, refused), (4, 6));
    assert_eq!(drops.load(Ordering::SeqCst), 13);
}

/// A waker that counts its wakes.
struct CountingWaker(AtomicUsize);

impl std::task::Wake for CountingWaker {
    fn wake(self: Arc<Self>) {
        self.0.fetch_add(1, Ordering::SeqCst);
    }
}

fn counting_waker() -> (Arc<CountingWaker>, std::task::Waker) {
    let count = Arc::new(CountingWaker(AtomicUsize::new(0)));
    (count.clone(), count.into())
}

fn poll_with<F: std::future::Future + Unpin>(
    f: &mut F,
    waker: &std::task::Waker,
) -> std::task::Poll<F::Output> {
    std::pin::Pin::new(f).poll(&mut std::task::Context::from_waker(waker))
}

/// A future polled again with another waker before its call completes:
/// the completion wakes the new waker, not the first one.
#[test]
fn the_completion_wakes_the_latest_waker() {
    let ring = Ring::new(4).unwrap();
    let mut call = ring.call_async::<_, i64>(FN_ADD, Add(1, 2));
    let (first_count, first) = counting_waker();
    let (second_count, second) = counting_waker();
    assert!(poll_with(&mut call, &first).is_pending()); // submits
    assert!(poll_with(&mut call, &second).is_pending()); // replaces the waker
    assert!(poll_with(&mut call, &second).is_pending()); // spurious: unchanged
    let mut taken = [std::ptr::null_mut(); 1];
    assert_eq!(
        unsafe { sys::ferry_ring_take(ring.as_raw(), taken.as_mut_ptr(), 1) },
        1
    );
    unsafe { sys::ferry_call_complete(taken[0], run(&*taken[0])) };
    assert_eq!(first_count.0.load(Ordering::SeqCst), 0);
    assert_eq!(second_count.0.load(Ordering::SeqCst), 1);
    match poll_with(&mut call, &second) {
        std::task::Poll::Ready(sum) => assert_eq!(sum, Ok(3)),
        std::task::Poll::Pending => panic!("completed call pending"),
    }
}

/// Futures re-polled with a new waker each time while a server thread
/// completes their calls: every waker a Pending poll left behind is woken
/// (the replacement racing the completion loses no wake).
#[test]
fn a_waker_replaced_while_the_call_completes_is_still_woken() {
    let ring = Ring::new(64).unwrap();
    let server = start_server(&ring, Duration::ZERO);
    for i in 0..20_000i64 {
        let mut call = ring.call_async::<_, i64>(FN_ADD, Add(i, 1));
        loop {
            let (count, waker) = counting_waker();
            match poll_with(&mut call, &waker) {
                std::task::Poll::Ready(sum) => {
                    assert_eq!(sum, Ok(i + 1));
                    break;
                }
                // Every other round waits for the wake; the rest re-poll
                // at once, racing the completion.
                std::task::Poll::Pending if i % 2 == 0 => {
                    let start = std::time::Instant::now();
                    while count.0.load(Ordering::SeqCst) == 0 {
                        assert!(start.elapsed() < Duration::from_secs(10), "wake lost");
                        thread::yield_now();
                    }
                }
                std::task::Poll::Pending => {}
            }
        }
    }
    ring.close(CloseMode::Drain);
    assert_eq!(server.join().unwrap(), 20_000);
}
