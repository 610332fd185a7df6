//! Go handlers that block, as Go libraries do (a sleep, then a round trip
//! to an echo server on the loopback interface that this test starts),
//! called concurrently: from tokio tasks through the ring, and from native
//! threads through the sync export. Many such calls must take about the
//! time of one, not one after another.
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::OnceLock;
use std::thread;
use std::time::{Duration, Instant};

use rust_calls_go::*;

const SLEEP_MS: u32 = 100;
const CALLS: usize = 200;

/// An echo server on 127.0.0.1 answering each line with "echo: " + line,
/// one thread per connection; its port.
fn echo_server() -> u16 {
    static PORT: OnceLock<u16> = OnceLock::new();
    *PORT.get_or_init(|| {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        thread::spawn(move || {
            for conn in listener.incoming() {
                let Ok(mut conn) = conn else { continue };
                thread::spawn(move || {
                    let mut line = String::new();
                    let mut reader = BufReader::new(conn.try_clone().unwrap());
                    if reader.read_line(&mut line).is_ok() {
                        let _ = write!(conn, "echo: {line}");
                    }
                });
            }
        });
        port
    })
}

fn server() -> &'static Server {
    static SERVER: OnceLock<Server> = OnceLock::new();
    // Two workers, as a user would start: blocking calls must not need more.
    SERVER.get_or_init(|| Server::start(64, 2).unwrap())
}

/// Run one after another, CALLS calls take CALLS times one call's time
/// (20 s). Concurrent, they take about one call's time (130-180 ms here,
/// once 1.2 s on a busy machine): the bound, 20 times one call, catches
/// calls that serialize without failing on a slow machine.
fn check_concurrent(what: &str, one: Duration, all: Duration) {
    let serial = one * CALLS as u32;
    eprintln!("{what}: one call {one:?}, {CALLS} concurrent {all:?} (serialized: {serial:?})");
    assert!(
        all < one * 20,
        "{what}: {CALLS} concurrent calls took {all:?}, one takes {one:?}: they ran one after another"
    );
}

#[test]
fn async_calls_of_blocking_go_run_concurrently() {
    let port = echo_server();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let start = Instant::now();
        let reply = server().fetch(SLEEP_MS, port, "one".into()).await.unwrap();
        let one = start.elapsed();
        assert_eq!(reply.text, "echo: one");

        let start = Instant::now();
        let tasks: Vec<_> = (0..CALLS)
            .map(|i| tokio::spawn(server().fetch(SLEEP_MS, port, format!("call {i}"))))
            .collect();
        for (i, task) in tasks.into_iter().enumerate() {
            let reply = task.await.unwrap().unwrap();
            assert_eq!(reply.text, format!("echo: call {i}"));
        }
        check_concurrent("async", one, start.elapsed());
    });
}

#[test]
fn a_slow_async_call_does_not_delay_fast_ones() {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let start = Instant::now();
        let slow = tokio::spawn(server().fetch(1000, 0, String::new()));
        // Submitted after the slow call: some share its worker's batch.
        let fast: Vec<_> = (0..50).map(|i| tokio::spawn(server().add(i, 1))).collect();
        for (i, call) in fast.into_iter().enumerate() {
            assert_eq!(call.await.unwrap(), Ok(i as i64 + 1));
        }
        let fast_done = start.elapsed();
        slow.await.unwrap().unwrap();
        assert!(
            fast_done < Duration::from_millis(300),
            "fast calls took {fast_done:?} behind a 1 s call"
        );
    });
}

#[test]
fn sync_calls_of_blocking_go_from_many_threads_run_concurrently() {
    let port = echo_server();
    let start = Instant::now();
    assert_eq!(fetch_sync(SLEEP_MS, port, "one").unwrap().text, "echo: one");
    let one = start.elapsed();

    let start = Instant::now();
    let threads: Vec<_> = (0..CALLS)
        .map(|i| {
            thread::spawn(move || {
                let text = format!("thread {i}");
                assert_eq!(
                    fetch_sync(SLEEP_MS, port, &text).unwrap().text,
                    format!("echo: {text}")
                );
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    check_concurrent("sync", one, start.elapsed());
}
