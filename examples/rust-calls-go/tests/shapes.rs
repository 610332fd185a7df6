//! Every argument and result shape of the demo's interface, across the
//! real boundary (the Go c-archive): strings (empty, non-ASCII), byte
//! blobs (empty, large), slices of structs (empty, large), results that
//! own a string and a list of structs that own strings. Empty Rust
//! strings and slices carry dangling non-null pointers; Go must accept
//! them as empty.
use std::sync::OnceLock;

use rust_calls_go::*;

fn user(name: &str, age: u32) -> User {
    User {
        name: name.to_string(),
        age,
    }
}

/// One server for the whole test binary.
fn server() -> &'static Server {
    static SERVER: OnceLock<Server> = OnceLock::new();
    SERVER.get_or_init(|| Server::start(256, 2).unwrap())
}

#[test]
fn sync_summary_reads_every_field_in_place() {
    let req = Request {
        users: vec![
            user("Zoë", 17),
            user("", 18),
            user("名前", 99),
            user("x", 0),
        ],
        blob: (0..=255).collect(),
    };
    let s = summarize(&req).unwrap();
    assert_eq!((s.count, s.total_age), (4, 134));
    assert_eq!(s.blob_sum, (0..=255u64).sum::<u64>());
    assert_eq!(s.oldest, "名前");
    assert_eq!(s.adults, vec![user("", 18), user("名前", 99)]);
}

#[test]
fn empty_strings_and_slices_cross_as_empty() {
    let s = summarize(&Request::default()).unwrap();
    assert_eq!((s.count, s.total_age, s.blob_sum), (0, 0, 0));
    assert_eq!(s.oldest, "");
    assert!(s.adults.is_empty());
    let s = summarize(&Request {
        users: vec![user("", 30)],
        blob: Vec::new(),
    })
    .unwrap();
    assert_eq!((s.count, s.total_age), (1, 30));
    assert_eq!(s.oldest, "");
    assert_eq!(s.adults.len(), 1);
}

#[test]
fn large_payloads_cross_without_copies() {
    let users: Vec<User> = (0..100_000)
        .map(|i| user(&format!("user{i}"), i % 100))
        .collect();
    let req = Request {
        users,
        blob: vec![3; 32 << 20],
    };
    let s = summarize(&req).unwrap();
    assert_eq!(s.count, 100_000);
    assert_eq!(s.blob_sum, 3 * (32 << 20));
    assert_eq!(s.adults.len(), 100_000 / 100 * 82);
    assert_eq!(s.adults[0].name, "user18");
    assert_eq!(s.oldest, "user99");
}

#[test]
fn oneway_calls_are_seen_by_later_calls() {
    let before = summarize(&Request::default()).unwrap().notes;
    note(&Request {
        users: vec![user("a", 1), user("b", 2)],
        blob: vec![],
    });
    // Other tests note users concurrently: at least ours are counted.
    assert!(summarize(&Request::default()).unwrap().notes >= before + 2);
}

#[test]
fn async_calls_carry_the_same_shapes() {
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    rt.block_on(async {
        let g = server().greet(Request::default()).await.unwrap();
        assert_eq!((g.text.as_str(), g.users), ("hello  (0 bytes of blob)", 0));
        let req = Request {
            users: vec![user("Zoë", 1), user("", 2)],
            blob: vec![0; 5 << 20],
        };
        let g = server().greet(req).await.unwrap();
        assert_eq!(g.text, format!("hello Zoë,  ({} bytes of blob)", 5 << 20));
        let many: Vec<User> = (0..50_000).map(|i| user(&i.to_string(), 1)).collect();
        let g = server()
            .greet(Request {
                users: many,
                blob: vec![],
            })
            .await
            .unwrap();
        assert_eq!(g.users, 50_000);
        assert!(g.text.ends_with("49998, 49999 (0 bytes of blob)"));
        assert_eq!(server().add(-5, 3).await, Ok(-2));
        // Many in flight at once, each answer its own.
        let calls: Vec<_> = (0..300)
            .map(|i| {
                server().greet(Request {
                    users: vec![user(&format!("u{i}"), i)],
                    blob: vec![],
                })
            })
            .collect();
        for (i, call) in calls.into_iter().enumerate() {
            assert_eq!(
                call.await.unwrap().text,
                format!("hello u{i} (0 bytes of blob)")
            );
        }
    });
}

#[test]
fn futures_made_on_one_thread_complete_on_others() {
    std::thread::scope(|s| {
        for t in 0..3i64 {
            let calls: Vec<_> = (0..1000).map(|i| server().add(t, i)).collect();
            s.spawn(move || {
                let rt = tokio::runtime::Builder::new_current_thread()
                    .build()
                    .unwrap();
                for (i, call) in calls.into_iter().enumerate() {
                    assert_eq!(rt.block_on(call), Ok(t + i as i64));
                }
            });
        }
    });
}
