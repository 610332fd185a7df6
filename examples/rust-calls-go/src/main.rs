//! A Rust program that calls a Go package three ways (see go/demo.go):
//! a oneway call, a sync call returning a struct with a list, and async
//! calls through a ferry ring awaited under tokio. It prints what it got;
//! `make test` compares the output with expected.txt.
use ferry::Ring;
use rust_calls_go::*;

fn users() -> UsersRequest {
    UsersRequest {
        users: vec![
            User {
                name: "Ada".into(),
                age: 36,
            },
            User {
                name: "Linus".into(),
                age: 12,
            },
            User {
                name: "Grace".into(),
                age: 85,
            },
            User {
                name: "".into(),
                age: 20,
            },
        ],
        blob: vec![1, 2, 3, 4],
    }
}

fn print_summary(label: &str, s: &Summary) {
    let adults: Vec<String> = s
        .adults
        .iter()
        .map(|u| format!("{:?} ({})", u.name.to_string_lossy(), u.age))
        .collect();
    println!(
        "{label}: {} users, total age {}, blob sum {}, oldest {:?}, adults [{}], {} noted so far",
        s.count,
        s.total_age,
        s.blob_sum,
        s.oldest.to_string_lossy(),
        adults.join(", "),
        s.notes
    );
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let req = users();
    let empty = UsersRequest::default();

    // Oneway and sync calls run on this thread, through cgo exports.
    note(&req);
    note(&empty);
    println!("oneway: noted {} users", req.users.len());
    print_summary("sync", &summarize(&req).expect("summarize"));
    print_summary(
        "sync (empty request)",
        &summarize(&empty).expect("summarize"),
    );

    // Async calls go through a ring that Go worker goroutines serve.
    // SAFETY: the ring lives until demo_ring_stop, after every call.
    let ring = unsafe { Ring::from_raw(demo_ring_start(64, 2, 0)) };
    let greeting: Greeting = ring
        .call_async(DEMO_FN_GREET, req.clone())
        .await
        .expect("greet");
    println!(
        "async: {:?} ({} users)",
        greeting.text.to_string_lossy(),
        greeting.users
    );
    let greeting: Greeting = ring
        .call_async(DEMO_FN_GREET, empty.clone())
        .await
        .expect("greet");
    println!(
        "async (empty request): {:?} ({} users)",
        greeting.text.to_string_lossy(),
        greeting.users
    );

    // Many at once from tokio tasks; every answer matches its question.
    let tasks: Vec<_> = (0..1000i64)
        .map(|i| {
            let ring = ring.clone();
            tokio::spawn(async move { ring.call_async::<_, i64>(DEMO_FN_ADD, Add(i, i * i)).await })
        })
        .collect();
    let mut right = 0;
    for (i, task) in tasks.into_iter().enumerate() {
        let i = i as i64;
        right += (task.await.unwrap() == Ok(i + i * i)) as usize;
    }
    println!("async: {right} of 1000 concurrent calls answered correctly");

    // The handle must not outlive the ring, which Go frees.
    drop(ring);
    assert_eq!(unsafe { demo_ring_stop(0) }, 0);
    println!("done");
}
