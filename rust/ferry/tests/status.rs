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
    assert_eq!(e, Status::Ecanceled);
    assert_eq!(e.to_string(), "ferry: canceled (ECANCELED)");
    assert_eq!(
        Error::from_code(-99).unwrap().to_string(),
        "ferry: status -99"
    );
    assert_eq!(ferry::check(-4), Err(Error::from(Status::Eclosed)));
}
