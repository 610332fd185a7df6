//! What a module with FERRY_GO functions carries (rs_go_support).

// ferry-gen:begin rs_go_support

/// An optional value in C's heap that Go allocated for a result; freed on drop.
#[repr(transparent)]
struct FerryOwnedPtr<T>(*mut T);

impl<T> FerryOwnedPtr<T> {
    fn get(&self) -> Option<&T> {
        // SAFETY: null, or one value from malloc that this owns.
        unsafe { self.0.as_ref() }
    }
}

impl<T> Default for FerryOwnedPtr<T> {
    fn default() -> Self {
        FerryOwnedPtr(std::ptr::null_mut())
    }
}

impl<T> Drop for FerryOwnedPtr<T> {
    fn drop(&mut self) {
        if self.0.is_null() {
            return;
        }
        // SAFETY: owned, initialized, from malloc.
        unsafe {
            std::ptr::drop_in_place(self.0);
            ferry::sys::free(self.0.cast());
        }
    }
}
// ferry-gen:end
