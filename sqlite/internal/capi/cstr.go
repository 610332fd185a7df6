package capi

// Reading the text and blobs the library returns as addresses
// (FERRY_ADDRESS in capi.h: their length is another call's answer).

import "unsafe"

// address is the pointer a FERRY_ADDRESS result holds. The conversion goes
// through memory so that vet's unsafeptr check, which is right about
// uintptr arithmetic on Go pointers, is not asked about C memory.
func address(p uint64) unsafe.Pointer {
	return *(*unsafe.Pointer)(unsafe.Pointer(&p))
}

// Bytes is the n bytes at C address p, not copied: valid as long as
// SQLite keeps them (see each function in capi.h). Nil for p == 0.
func Bytes(p uint64, n int32) []byte {
	if p == 0 || n <= 0 {
		return nil
	}
	return unsafe.Slice((*byte)(address(p)), n)
}

// CStringAt is the i-th C string of the char ** array p (a row callback's
// values or names, ExecCallbackFunc), copied; ok is false for NULL (an SQL
// NULL value).
func CStringAt(p unsafe.Pointer, i int32) (s string, ok bool) {
	cs := *(*uintptr)(unsafe.Add(p, uintptr(i)*unsafe.Sizeof(uintptr(0))))
	if cs == 0 {
		return "", false
	}
	return ferryGoString(cs), true
}
