package xxhash

// The bindings (xxhash_ferry.go, xxhash_ferry_cgo.go) are generated from
// the interface file xxhash.h; make test compares them with a fresh run.
// xxhash_ferry_cgo.go includes "xxhash.h": the -I below makes that the
// interface file, whose prototypes match the library's (see xxhash.h).

//go:generate ../build/ferry-gen --go . --go-package xxhash xxhash.h

// #cgo CFLAGS: -I${SRCDIR} -I${SRCDIR}/../include
// #cgo LDFLAGS: -lxxhash
import "C"
