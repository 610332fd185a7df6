//! A Rust program that calls a Go package three ways (go/demo.h, bound by
//! ferry-gen): a oneway call, a sync call returning a struct with a list,
//! and async calls through a ferry ring awaited under tokio. It prints what
//! it got; `make test` compares the output with expected.txt.
use rust_calls_go::*;

fn users() -> Request {
    Request {
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
        .map(|u| format!("{:?} ({})", u.name, u.age))
        .collect();
    println!(
        "{label}: {} users, total age {}, blob sum {}, oldest {:?}, adults [{}], {} noted so far",
        s.count,
        s.total_age,
        s.blob_sum,
        s.oldest,
        adults.join(", "),
        s.notes
    );
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let req = users();
    let empty = Request::default();

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
    let server = Server::start(64, 2).expect("serve");
    let greeting = server.greet(req.clone()).await.expect("greet");
    println!("async: {:?} ({} users)", greeting.text, greeting.users);
    let greeting = server.greet(empty.clone()).await.expect("greet");
    println!(
        "async (empty request): {:?} ({} users)",
        greeting.text, greeting.users
    );

    // Many at once from tokio tasks; every answer matches its question.
    let tasks: Vec<_> = (0..1000i64)
        .map(|i| tokio::spawn(server.add(i, i * i)))
        .collect();
    let mut right = 0;
    for (i, task) in tasks.into_iter().enumerate() {
        let i = i as i64;
        right += (task.await.unwrap() == Ok(i + i * i)) as usize;
    }
    println!("async: {right} of 1000 concurrent calls answered correctly");

    // Go's workers finish what is queued (nothing) and leave the ring.
    assert_eq!(server.stop(ferry::CloseMode::Drain), 0);
    println!("done");
}
