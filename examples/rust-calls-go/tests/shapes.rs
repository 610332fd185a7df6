//! Every argument and result shape of the demo's interface, across the
//! real boundary (the Go c-archive): strings (empty, non-ASCII), byte
//! blobs (empty, large), slices of structs (empty, large), results that
//! own a string and a list of structs that own strings. Empty Rust
//! strings and slices carry dangling non-null pointers; Go must accept
//! them as empty.
use std::sync::OnceLock;

use ferry::Ring;
use rust_calls_go::*;

fn user(name: &str, age: u32) -> User {
    User {
        name: name.to_string(),
        age,
    }
}

/// One ring for the whole test binary: the Go side serves one at a time.
fn ring() -> &'static Ring {
    static RING: OnceLock<Ring> = OnceLock::new();
    // SAFETY: never stopped, so it outlives every call.
    RING.get_or_init(|| unsafe { Ring::from_raw(demo_ring_start(256, 2, 0)) })
}

#[test]
fn sync_summary_reads_every_field_in_place() {
    let req = UsersRequest {
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
    let adults: Vec<(String, u32)> = s
        .adults
        .iter()
        .map(|u| (u.name.to_str().unwrap().to_string(), u.age))
        .collect();
    assert_eq!(adults, vec![("".to_string(), 18), ("名前".to_string(), 99)]);
}

#[test]
fn empty_strings_and_slices_cross_as_empty() {
    let s = summarize(&UsersRequest::default()).unwrap();
    assert_eq!((s.count, s.total_age, s.blob_sum), (0, 0, 0));
    assert_eq!(s.oldest, "");
    assert!(s.adults.is_empty());
    let s = summarize(&UsersRequest {
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
    let req = UsersRequest {
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
    let before = summarize(&UsersRequest::default()).unwrap().notes;
    note(&UsersRequest {
        users: vec![user("a", 1), user("b", 2)],
        blob: vec![],
    });
    // Other tests note users concurrently: at least ours are counted.
    assert!(summarize(&UsersRequest::default()).unwrap().notes >= before + 2);
}

#[test]
fn async_calls_carry_the_same_shapes() {
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    rt.block_on(async {
        let g: Greeting = ring()
            .call_async(DEMO_FN_GREET, UsersRequest::default())
            .await
            .unwrap();
        assert_eq!(
            (g.text.to_str().unwrap(), g.users),
            ("hello  (0 bytes of blob)", 0)
        );
        let req = UsersRequest {
            users: vec![user("Zoë", 1), user("", 2)],
            blob: vec![0; 5 << 20],
        };
        let g: Greeting = ring().call_async(DEMO_FN_GREET, req).await.unwrap();
        assert_eq!(
            g.text,
            format!("hello Zoë,  ({} bytes of blob)", 5 << 20).as_str()
        );
        let many: Vec<User> = (0..50_000).map(|i| user(&i.to_string(), 1)).collect();
        let g: Greeting = ring()
            .call_async(
                DEMO_FN_GREET,
                UsersRequest {
                    users: many,
                    blob: vec![],
                },
            )
            .await
            .unwrap();
        assert_eq!(g.users, 50_000);
        assert!(g
            .text
            .to_str()
            .unwrap()
            .ends_with("49998, 49999 (0 bytes of blob)"));
        let sum: i64 = ring().call_async(DEMO_FN_ADD, Add(-5, 3)).await.unwrap();
        assert_eq!(sum, -2);
        // A batch: one future, results in order.
        let reqs: Vec<UsersRequest> = (0..300)
            .map(|i| UsersRequest {
                users: vec![user(&format!("u{i}"), i)],
                blob: vec![],
            })
            .collect();
        let greetings = ring().call_many::<_, Greeting>(DEMO_FN_GREET, reqs).await;
        for (i, g) in greetings.into_iter().enumerate() {
            assert_eq!(
                g.unwrap().text,
                format!("hello u{i} (0 bytes of blob)").as_str()
            );
        }
        // An index Go has no handler for.
        let err = ring()
            .call_async::<_, i64>(99, Add(0, 0))
            .await
            .unwrap_err();
        assert_eq!(err, ferry::Status::Eunsupported);
    });
}

#[test]
fn blocking_ring_calls_from_plain_threads() {
    std::thread::scope(|s| {
        for t in 0..3i64 {
            s.spawn(move || {
                for i in 0..1000 {
                    let sum: i64 = ring().call(DEMO_FN_ADD, &Add(t, i)).unwrap();
                    assert_eq!(sum, t + i);
                }
            });
        }
    });
}
