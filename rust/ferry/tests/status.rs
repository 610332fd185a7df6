//! The Rust status table agrees with the C runtime's, value by value.
use std::ffi::CStr;

use ferry::{sys, Error, Status};

fn c_str(p: *const std::ffi::c_char) -> &'static str {
    // SAFETY: ferry_strerror and ferry_status_name return static strings.
    unsafe { CStr::from_ptr(p) }.to_str().unwrap()
}

#[test]
fn every_status_matches_the_c_table() {
    for &s in Status::ALL {
        let code = s.code();
        assert_eq!(Status::from_code(code), Some(s));
        assert_eq!(
            c_str(unsafe { sys::ferry_status_name(code) }),
            s.name(),
            "{s:?}"
        );
        assert_eq!(
            c_str(unsafe { sys::ferry_strerror(code) }),
            s.message(),
            "{s:?}"
        );
    }
}

#[test]
fn the_c_table_has_no_status_rust_lacks() {
    for code in -100..=100 {
        let c_name = c_str(unsafe { sys::ferry_status_name(code) });
        match Status::from_code(code) {
            Some(s) => assert_eq!(c_name, s.name()),
            None => assert_eq!(c_name, "UNKNOWN", "code {code} is in C's table only"),
        }
    }
}

#[test]
fn errors_display_and_compare() {
    assert_eq!(Error::from_code(0), None);
    let e = Error::from_code(-7).unwrap();
    assert_eq!(e, Status::ECANCELED);
    assert_eq!(e.to_string(), "ferry: canceled (ECANCELED)");
    assert_eq!(
        Error::from_code(-99).unwrap().to_string(),
        "ferry: status -99"
    );
    assert_eq!(ferry::check(-4), Err(Error::from(Status::ECLOSED)));
    let e = Error::new(Status::ESYNTAX, "missing )");
    assert_eq!(e.to_string(), "ferry: missing ) (ESYNTAX)");
    assert_eq!(
        Error::new(Status(7), "mine").to_string(),
        "ferry: mine (status 7)"
    );
}

#[test]
fn codes_outside_the_table_are_statuses_too() {
    let s = Status(-99);
    assert!(!s.is_known());
    assert_eq!((s.name(), s.message()), ("UNKNOWN", "unknown status"));
    assert_eq!(format!("{s:?} {:?}", Status::EINVAL), "Status(-99) EINVAL");
    assert_eq!(Status::from_code(-99), None);
    assert_eq!(Error::from_code(-99).unwrap().status, s);
}

#[test]
fn an_error_reports_into_a_buffer_cut_to_its_size() {
    let mut buf = [0u8; 4];
    let mut view = ferry::Bytes::from_mut(&mut buf);
    let status = unsafe { Error::new(Status::ERANGE, "too long").report(&mut view) };
    assert_eq!((status, view.len()), (Status::ERANGE, 4));
    assert_eq!(&buf, b"too ");
    // OK is never reported: Go would read results nobody wrote.
    let status = unsafe { Error::new(Status::OK, "").report(std::ptr::null_mut()) };
    assert_eq!(status, Status::EINTERNAL);
}

#[test]
fn a_panic_becomes_epanic_with_its_message() {
    let p = std::panic::catch_unwind(|| panic!("boom {}", 1)).unwrap_err();
    assert_eq!(
        Error::from_panic(p),
        Error::new(Status::EPANIC, "panic: boom 1")
    );
}
