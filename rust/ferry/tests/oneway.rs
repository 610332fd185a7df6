//! Fire-and-forget calls (`Ring::send`) with a Rust thread as the server
//! (it speaks the C interface Go's workers use): the call owns its
//! request, success drops the result, a failure reaches the `failed`
//! function with its status and result, and a closed ring refuses.
use std::sync::atomic::{AtomicI64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use ferry::{sys, CloseMode, OwnedStr, Request, Ring, Status, Str};

mod common;

const FN_ECHO: u32 = 1;
const FN_FAIL: u32 = 2;

/// A request owning its text and counting its drops.
struct Echo {
    text: String,
    drops: Arc<AtomicUsize>,
}

impl Drop for Echo {
    fn drop(&mut self) {
        self.drops.fetch_add(1, Ordering::SeqCst);
    }
}

#[repr(C)]
struct EchoArgs<'a> {
    text: Str<'a>,
}

// SAFETY: EchoArgs is what `run` reads.
unsafe impl Request for Echo {
    type Args<'a> = EchoArgs<'a>;
    fn args(&self) -> EchoArgs<'_> {
        EchoArgs {
            text: Str::new(&self.text),
        }
    }
}

/// The sum of the lengths of the texts the server echoed.
static ECHOED: AtomicI64 = AtomicI64::new(0);

/// The server thread's handlers (common::serve): FN_ECHO stores a malloc'd
/// copy of the text as the result (freed when the call's result drops),
/// FN_FAIL fails with ERANGE and the text as its result (the handler's
/// message); any other index is EUNSUPPORTED, with an empty text.
unsafe fn run(call: &sys::ferry_call) -> i32 {
    let text = (*(call.args as *const EchoArgs<'_>)).text.as_bytes();
    let p = sys::malloc(text.len().max(1)) as *mut u8;
    std::ptr::copy_nonoverlapping(text.as_ptr(), p, text.len());
    std::ptr::write(
        call.result as *mut OwnedStr,
        OwnedStr::from_raw(p, text.len()),
    );
    match call.handler {
        FN_ECHO => {
            ECHOED.fetch_add(text.len() as i64, Ordering::SeqCst);
            0
        }
        FN_FAIL => Status::Erange.code(),
        _ => Status::Eunsupported.code(),
    }
}

/// What `failed` heard: (status, result text), in order.
static FAILURES: Mutex<Vec<(i32, String)>> = Mutex::new(Vec::new());

fn failed(status: i32, result: OwnedStr) {
    let text = String::from_utf8_lossy(result.as_bytes()).into_owned();
    FAILURES.lock().unwrap().push((status, text));
}

fn echo(text: &str, drops: &Arc<AtomicUsize>) -> Echo {
    Echo {
        text: text.to_string(),
        drops: drops.clone(),
    }
}

// One test: ECHOED and FAILURES are the process's.
#[test]
fn sent_calls_run_own_their_requests_and_report_failures() {
    let ring = Ring::new(4).unwrap();
    let drops = Arc::new(AtomicUsize::new(0));
    // More calls than slots, with no server yet: send waits for room.
    let server = {
        let ring = ring.clone();
        thread::spawn(move || common::serve(ring, Duration::ZERO, run))
    };
    for i in 0..1000 {
        let text = format!("call {i}");
        ring.send::<_, OwnedStr>(FN_ECHO, echo(&text, &drops), failed)
            .unwrap();
    }
    ring.send::<_, OwnedStr>(FN_FAIL, echo("far", &drops), failed)
        .unwrap();
    ring.send::<_, OwnedStr>(99, echo("", &drops), failed)
        .unwrap();
    ring.close(CloseMode::Drain);
    assert_eq!(server.join().unwrap(), 1002);
    let want: i64 = (0..1000).map(|i| format!("call {i}").len() as i64).sum();
    assert_eq!(ECHOED.load(Ordering::SeqCst), want);
    // Every request dropped once its call completed.
    assert_eq!(drops.load(Ordering::SeqCst), 1002);
    assert_eq!(
        *FAILURES.lock().unwrap(),
        [
            (Status::Erange.code(), "far".to_string()),
            (Status::Eunsupported.code(), String::new())
        ]
    );
    FAILURES.lock().unwrap().clear();

    // A closed ring refuses: Err, the request dropped at once, no failure.
    let err = ring
        .send::<_, OwnedStr>(FN_ECHO, echo("late", &drops), failed)
        .unwrap_err();
    assert_eq!(err, Status::Eclosed);
    assert_eq!(drops.load(Ordering::SeqCst), 1003);
    assert!(FAILURES.lock().unwrap().is_empty());

    // A cancelling close completes queued calls as ECANCELED.
    let ring = Ring::new(8).unwrap();
    for _ in 0..5 {
        ring.send::<_, OwnedStr>(FN_ECHO, echo("queued", &drops), failed)
            .unwrap();
    }
    assert_eq!(ring.close(CloseMode::Cancel), 5);
    assert_eq!(drops.load(Ordering::SeqCst), 1008);
    assert_eq!(
        *FAILURES.lock().unwrap(),
        vec![(Status::Ecanceled.code(), String::new()); 5]
    );
}
