//! Stress: several Rust threads, each with its own tokio runtime, issue a
//! million async calls into Go while Go's garbage collector runs without
//! pause; every response must match its request. Prints one summary line
//! (`make test` checks it) and exits non-zero on any mismatch.
use std::sync::Arc;
use std::thread;
use std::time::Duration;

use rust_calls_go::*;
use tokio::task::JoinSet;

const THREADS: i64 = 4;
const PER_THREAD: i64 = 250_000;
const IN_FLIGHT: usize = 256;

/// One call's check: an addition, or every 64th a greeting with strings.
async fn one(server: Arc<Server>, t: i64, i: i64) -> bool {
    if i % 64 == 0 {
        let name = format!("user-{t}-{i}");
        let req = Request {
            users: vec![User {
                name: name.clone(),
                age: 1,
            }],
            blob: vec![0; (i % 7) as usize],
        };
        match server.greet(req).await {
            Ok(g) => g.text == format!("hello {name} ({} bytes of blob)", i % 7) && g.users == 1,
            Err(_) => false,
        }
    } else {
        server.add(t << 40, i).await == Ok((t << 40) + i)
    }
}

fn main() {
    let server = Arc::new(Server::start(1024, 2).expect("serve"));
    server.set_idle_spin(Duration::from_micros(50));
    gc_start();
    let wrong: i64 = thread::scope(|s| {
        let workers: Vec<_> = (0..THREADS)
            .map(|t| {
                let server = server.clone();
                s.spawn(move || {
                    let rt = tokio::runtime::Builder::new_current_thread()
                        .build()
                        .unwrap();
                    rt.block_on(async {
                        let mut set: JoinSet<bool> = JoinSet::new();
                        let mut wrong = 0;
                        for i in 0..PER_THREAD {
                            if set.len() >= IN_FLIGHT {
                                wrong += !set.join_next().await.unwrap().unwrap() as i64;
                            }
                            set.spawn(one(server.clone(), t, i));
                        }
                        while let Some(ok) = set.join_next().await {
                            wrong += !ok.unwrap() as i64;
                        }
                        wrong
                    })
                })
            })
            .collect();
        workers.into_iter().map(|w| w.join().unwrap()).sum()
    });
    let gcs = gc_stop().expect("gc_stop");
    let cancelled = server.stop(ferry::CloseMode::Cancel);
    let total = THREADS * PER_THREAD;
    println!(
        "stress: {} calls from {THREADS} threads, {} matched, {} wrong, {} left, GC ran {}",
        total,
        total - wrong,
        wrong,
        cancelled,
        if gcs > 0 { "throughout" } else { "never" }
    );
    if wrong != 0 || cancelled != 0 || gcs == 0 {
        std::process::exit(1);
    }
}
