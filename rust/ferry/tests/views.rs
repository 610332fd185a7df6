//! Views as both directions use them: made by Rust for Go, and received
//! from Go (null for empty, bytes that need not be UTF-8).
use ferry::{Bytes, Slice, Str};

/// A view as Go passes it: any pointer and length.
fn from_go<T: Copy>(ptr: *const u8, len: usize) -> T {
    assert_eq!(
        std::mem::size_of::<T>(),
        std::mem::size_of::<(usize, usize)>()
    );
    // SAFETY: views are {pointer, length} in C's layout.
    unsafe { std::mem::transmute_copy(&(ptr, len)) }
}

#[test]
fn an_empty_view_from_go_may_be_null() {
    let s: Str<'_> = from_go(std::ptr::null(), 0);
    assert_eq!(
        (s.as_bytes(), s.as_str(), s.is_empty()),
        (&b""[..], Ok(""), true)
    );
    let b: Bytes<'_> = from_go(std::ptr::null(), 0);
    assert!(b.as_slice().is_empty());
    let v: Slice<'_, u64> = from_go(std::ptr::null(), 0);
    assert!(v.as_slice().is_empty());
}

#[test]
fn strings_are_bytes_until_checked() {
    let raw = b"ok\xff";
    let s: Str<'_> = from_go(raw.as_ptr(), raw.len());
    assert_eq!(s.as_bytes(), raw);
    assert!(s.as_str().is_err());
    assert_eq!(s.to_str_lossy(), "ok\u{fffd}");
    assert_eq!(format!("{s:?}"), "\"ok\u{fffd}\"");
    assert_eq!(Str::new("héllo").as_str(), Ok("héllo"));
    let label = Str::new("tag");
    let some = unsafe { Str::optional_lossy(&label) };
    assert_eq!(some.as_deref(), Some("tag"));
    assert_eq!(unsafe { Str::optional_lossy(std::ptr::null()) }, None);
}

#[test]
fn writable_views_write_through() {
    let mut buf = [0u8; 3];
    let mut b = Bytes::from_mut(&mut buf);
    unsafe { b.as_mut_slice() }.copy_from_slice(b"abc");
    assert_eq!(b.len(), 3);
    assert_eq!(&buf, b"abc");
    let mut xs = [1, 2, 3];
    let mut v = Slice::from_mut(&mut xs);
    for x in unsafe { v.as_mut_slice() } {
        *x *= 10;
    }
    assert_eq!(xs, [10, 20, 30]);
}
