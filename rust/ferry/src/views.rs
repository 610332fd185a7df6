//! The values that cross the boundary: views of memory that one side
//! lends the other for a call (`ferry_str`, `ferry_bytes`,
//! `FERRY_SLICE_OF(T)` in include/ferry.h), and owned results that Go
//! allocated with C's malloc and Rust frees with free when they drop.
//!
//! A view is what either direction passes: Rust lends its memory to Go
//! (made with `new`, or `from_mut` when Go writes through it), and
//! Go lends its memory to a Rust implementation, whose generated shims
//! receive the views and hand the implementation `&str`, `&[T]` or
//! `&mut [T]` for the call. Go's strings are not checked for UTF-8, so a
//! [`Str`] is bytes until [`Str::as_str`] checks them.

use std::borrow::Cow;
use std::ffi::c_void;
use std::fmt;
use std::marker::PhantomData;
use std::mem::ManuallyDrop;
use std::ops::Deref;
use std::ptr;

use crate::sys;

/// `len` elements at `ptr`, or none: Go may pass a null pointer for an
/// empty view, which from_raw_parts does not accept.
///
/// # Safety
/// When len is not 0, ptr points to len initialized elements that live
/// for 'a and that nothing writes meanwhile.
unsafe fn elements<'a, T>(ptr: *const T, len: usize) -> &'a [T] {
    if len == 0 {
        return &[];
    }
    // SAFETY: as the caller promises.
    unsafe { std::slice::from_raw_parts(ptr, len) }
}

/// The same for writing.
///
/// # Safety
/// As [`elements`], and nothing else reads or writes the elements while
/// the returned slice lives.
unsafe fn elements_mut<'a, T>(ptr: *const T, len: usize) -> &'a mut [T] {
    if len == 0 {
        return &mut [];
    }
    // SAFETY: as the caller promises.
    unsafe { std::slice::from_raw_parts_mut(ptr.cast_mut(), len) }
}

/// `ferry_str`: a string lent for the call: Rust's that Go reads in
/// place, or Go's that a Rust implementation reads.
///
/// An empty view Rust made carries Rust's dangling non-null pointer; Go's
/// side (ring.Str) never turns an empty view's pointer into a Go value.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct Str<'a> {
    ptr: *const u8,
    len: usize,
    _borrow: PhantomData<&'a str>,
}

impl<'a> Str<'a> {
    /// A view of s.
    pub fn new(s: &'a str) -> Str<'a> {
        Str {
            ptr: s.as_ptr(),
            len: s.len(),
            _borrow: PhantomData,
        }
    }

    /// The bytes, which Go does not promise are UTF-8.
    pub fn as_bytes(&self) -> &'a [u8] {
        // SAFETY: made from a &'a str, or lent by Go for the call ('a).
        unsafe { elements(self.ptr, self.len) }
    }

    /// The string, if it is UTF-8.
    pub fn as_str(&self) -> Result<&'a str, std::str::Utf8Error> {
        std::str::from_utf8(self.as_bytes())
    }

    /// The string, with invalid UTF-8 replaced by U+FFFD.
    pub fn to_str_lossy(&self) -> Cow<'a, str> {
        String::from_utf8_lossy(self.as_bytes())
    }

    /// The length in bytes.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the string is empty.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The string of an optional view (`const ferry_str * FERRY_OPTIONAL`
    /// lent by Go), with invalid UTF-8 replaced.
    ///
    /// # Safety
    /// p is null or points to a view that lives for 'a.
    pub unsafe fn optional_lossy(p: *const Str<'a>) -> Option<Cow<'a, str>> {
        // SAFETY: as the caller promises.
        unsafe { p.as_ref() }.map(Str::to_str_lossy)
    }
}

impl<'a> From<&'a str> for Str<'a> {
    fn from(s: &'a str) -> Str<'a> {
        Str::new(s)
    }
}

impl fmt::Debug for Str<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.to_str_lossy(), f)
    }
}

/// `ferry_bytes`: bytes lent for the call, which the borrower reads and,
/// when lent writable (`from_mut`, or by Go as a buffer), may write.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct Bytes<'a> {
    pub(crate) ptr: *const u8,
    pub(crate) len: usize,
    _borrow: PhantomData<&'a [u8]>,
}

impl<'a> Bytes<'a> {
    /// A view of b.
    pub fn new(b: &'a [u8]) -> Bytes<'a> {
        Bytes {
            ptr: b.as_ptr(),
            len: b.len(),
            _borrow: PhantomData,
        }
    }

    /// A writable view of b, for a buffer the other side fills.
    pub fn from_mut(b: &'a mut [u8]) -> Bytes<'a> {
        // The pointer comes from the &mut: writes through it are allowed.
        Bytes {
            ptr: b.as_mut_ptr(),
            len: b.len(),
            _borrow: PhantomData,
        }
    }

    /// The viewed bytes.
    pub fn as_slice(&self) -> &'a [u8] {
        // SAFETY: made from a &'a [u8], or lent by Go for the call ('a).
        unsafe { elements(self.ptr, self.len) }
    }

    /// The viewed bytes, to write.
    ///
    /// # Safety
    /// The view is of writable memory (made with `from_mut`, or a buffer
    /// Go lent), and nothing else uses it while the slice lives.
    pub unsafe fn as_mut_slice(&mut self) -> &mut [u8] {
        // SAFETY: as the caller promises.
        unsafe { elements_mut(self.ptr, self.len) }
    }

    /// The length in bytes.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether there are no bytes.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

impl<'a> From<&'a [u8]> for Bytes<'a> {
    fn from(b: &'a [u8]) -> Bytes<'a> {
        Bytes::new(b)
    }
}

impl fmt::Debug for Bytes<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_slice(), f)
    }
}

/// `FERRY_SLICE_OF(T)`: elements lent for the call, which the borrower
/// reads and, when lent writable, may write. T must be `#[repr(C)]` and
/// laid out as the Go side expects.
#[repr(C)]
pub struct Slice<'a, T> {
    ptr: *const T,
    len: usize,
    _borrow: PhantomData<&'a [T]>,
}

impl<T> Clone for Slice<'_, T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for Slice<'_, T> {}

impl<'a, T> Slice<'a, T> {
    /// A view of s.
    pub fn new(s: &'a [T]) -> Slice<'a, T> {
        Slice {
            ptr: s.as_ptr(),
            len: s.len(),
            _borrow: PhantomData,
        }
    }

    /// A writable view of s, for elements the other side changes.
    pub fn from_mut(s: &'a mut [T]) -> Slice<'a, T> {
        // The pointer comes from the &mut: writes through it are allowed.
        Slice {
            ptr: s.as_mut_ptr(),
            len: s.len(),
            _borrow: PhantomData,
        }
    }

    /// The viewed elements.
    pub fn as_slice(&self) -> &'a [T] {
        // SAFETY: made from a &'a [T], or lent by Go for the call ('a).
        unsafe { elements(self.ptr, self.len) }
    }

    /// The viewed elements, to write.
    ///
    /// # Safety
    /// The view is of writable memory (made with `from_mut`, or lent by Go
    /// as a non-const slice), and nothing else uses it while the slice
    /// lives.
    pub unsafe fn as_mut_slice(&mut self) -> &mut [T] {
        // SAFETY: as the caller promises.
        unsafe { elements_mut(self.ptr, self.len) }
    }

    /// The number of elements.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether there are no elements.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

impl<'a, T> From<&'a [T]> for Slice<'a, T> {
    fn from(s: &'a [T]) -> Slice<'a, T> {
        Slice::new(s)
    }
}

impl<T: fmt::Debug> fmt::Debug for Slice<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_slice(), f)
    }
}

// SAFETY: views behave as the shared references they were made from.
unsafe impl<T: Sync> Send for Slice<'_, T> {}
unsafe impl<T: Sync> Sync for Slice<'_, T> {}
unsafe impl Send for Str<'_> {}
unsafe impl Sync for Str<'_> {}
unsafe impl Send for Bytes<'_> {}
unsafe impl Sync for Bytes<'_> {}

/// `FERRY_SLICE_OF(T)` that owns its elements (a boxed slice): for
/// argument structs whose elements are views made for the call, such as
/// the `{name, age}` views of a list of users. Same layout as [`Slice`].
#[repr(C)]
pub struct SliceBox<T> {
    ptr: *mut T,
    len: usize,
}

impl<T> SliceBox<T> {
    /// Takes the elements of v.
    pub fn new(v: Vec<T>) -> SliceBox<T> {
        let len = v.len();
        let ptr = Box::into_raw(v.into_boxed_slice()) as *mut T;
        SliceBox { ptr, len }
    }

    /// The elements.
    pub fn as_slice(&self) -> &[T] {
        // SAFETY: from a boxed slice of len elements.
        unsafe { std::slice::from_raw_parts(self.ptr, self.len) }
    }
}

impl<T> FromIterator<T> for SliceBox<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        SliceBox::new(iter.into_iter().collect())
    }
}

impl<T> Drop for SliceBox<T> {
    fn drop(&mut self) {
        // SAFETY: the boxed slice new made.
        drop(unsafe { Box::from_raw(ptr::slice_from_raw_parts_mut(self.ptr, self.len)) });
    }
}

impl<T> Deref for SliceBox<T> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        self.as_slice()
    }
}

impl<T: fmt::Debug> fmt::Debug for SliceBox<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_slice(), f)
    }
}

// SAFETY: it owns its elements like a Box<[T]>.
unsafe impl<T: Send> Send for SliceBox<T> {}
unsafe impl<T: Sync> Sync for SliceBox<T> {}

/// An array of T in C's heap, made by the Go side (ring.NewSlice, NewStr,
/// NewBytes) as a call's result; dropping it drops the elements and frees
/// the memory. Layout `{T *ptr; size_t len}`; the all-zero value is empty.
#[repr(C)]
pub struct OwnedSlice<T> {
    ptr: *mut T,
    len: usize,
}

impl<T> OwnedSlice<T> {
    /// An empty slice that owns nothing.
    pub const fn empty() -> Self {
        OwnedSlice {
            ptr: ptr::null_mut(),
            len: 0,
        }
    }

    /// Takes ownership of len elements at ptr.
    ///
    /// # Safety
    /// ptr must be null (with len 0) or come from C's malloc and hold len
    /// initialized elements that nothing else owns.
    pub unsafe fn from_raw(ptr: *mut T, len: usize) -> Self {
        OwnedSlice { ptr, len }
    }

    /// Gives up ownership: the caller must free the memory.
    pub fn into_raw(self) -> (*mut T, usize) {
        let this = ManuallyDrop::new(self);
        (this.ptr, this.len)
    }

    /// The elements.
    pub fn as_slice(&self) -> &[T] {
        if self.len == 0 {
            return &[];
        }
        // SAFETY: the owned allocation holds len initialized elements.
        unsafe { std::slice::from_raw_parts(self.ptr, self.len) }
    }
}

impl<T> Deref for OwnedSlice<T> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        self.as_slice()
    }
}

impl<T> Drop for OwnedSlice<T> {
    fn drop(&mut self) {
        if self.ptr.is_null() {
            return;
        }
        // SAFETY: owned, initialized, from malloc.
        unsafe {
            ptr::drop_in_place(ptr::slice_from_raw_parts_mut(self.ptr, self.len));
            sys::free(self.ptr as *mut c_void);
        }
    }
}

impl<T> Default for OwnedSlice<T> {
    fn default() -> Self {
        Self::empty()
    }
}

impl<T: fmt::Debug> fmt::Debug for OwnedSlice<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_slice(), f)
    }
}

// SAFETY: it owns its elements like a Vec<T>.
unsafe impl<T: Send> Send for OwnedSlice<T> {}
unsafe impl<T: Sync> Sync for OwnedSlice<T> {}

/// An optional value in C's heap that Go allocated for a result (the
/// field of a result struct that may be NULL); dropping it drops the value
/// and frees the memory. Layout `T *`; the null pointer is absent.
#[repr(transparent)]
pub struct OwnedPtr<T>(*mut T);

impl<T> OwnedPtr<T> {
    /// Takes ownership of the value at ptr.
    ///
    /// # Safety
    /// ptr is null or comes from C's malloc and holds an initialized value
    /// that nothing else owns.
    pub unsafe fn from_raw(ptr: *mut T) -> Self {
        OwnedPtr(ptr)
    }

    /// The value, if there is one.
    pub fn get(&self) -> Option<&T> {
        // SAFETY: null, or one value from malloc that this owns.
        unsafe { self.0.as_ref() }
    }
}

impl<T> Default for OwnedPtr<T> {
    fn default() -> Self {
        OwnedPtr(ptr::null_mut())
    }
}

impl<T> Drop for OwnedPtr<T> {
    fn drop(&mut self) {
        if self.0.is_null() {
            return;
        }
        // SAFETY: owned, initialized, from malloc.
        unsafe {
            ptr::drop_in_place(self.0);
            sys::free(self.0.cast());
        }
    }
}

impl<T: fmt::Debug> fmt::Debug for OwnedPtr<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.get(), f)
    }
}

// SAFETY: it owns its value like a Box<T>; Go does not touch it after the
// call completed.
unsafe impl<T: Send> Send for OwnedPtr<T> {}
unsafe impl<T: Sync> Sync for OwnedPtr<T> {}

/// Bytes in C's heap owned by Rust: a call's result.
pub type OwnedBytes = OwnedSlice<u8>;

/// A string in C's heap owned by Rust: a call's result. Go's strings are
/// not checked for UTF-8, so neither is this: see [`OwnedStr::to_str`].
#[repr(C)]
#[derive(Default)]
pub struct OwnedStr(OwnedBytes);

impl OwnedStr {
    /// The string's bytes.
    pub fn as_bytes(&self) -> &[u8] {
        self.0.as_slice()
    }

    /// The string, if it is UTF-8.
    pub fn to_str(&self) -> Result<&str, std::str::Utf8Error> {
        std::str::from_utf8(self.as_bytes())
    }

    /// The string, with invalid UTF-8 replaced.
    pub fn to_string_lossy(&self) -> std::borrow::Cow<'_, str> {
        String::from_utf8_lossy(self.as_bytes())
    }

    /// Takes ownership of a malloc'd string.
    ///
    /// # Safety
    /// As [`OwnedSlice::from_raw`].
    pub unsafe fn from_raw(ptr: *mut u8, len: usize) -> Self {
        OwnedStr(OwnedSlice::from_raw(ptr, len))
    }
}

impl fmt::Debug for OwnedStr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.to_string_lossy(), f)
    }
}

impl PartialEq<str> for OwnedStr {
    fn eq(&self, other: &str) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

impl PartialEq<&str> for OwnedStr {
    fn eq(&self, other: &&str) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}
