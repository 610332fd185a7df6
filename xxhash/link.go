package xxhash

// The bindings (xxhash_ferry.go, xxhash_ferry_cgo.go) are generated from
// the interface file xxhash.h; make test compares them with a fresh run.
// xxhash_ferry_cgo.go includes "xxhash.h": the -I below makes that the
// interface file, whose prototypes match the library's (see xxhash.h).
// The library comes with Debian's libxxhash-dev (the check below names
// its XXH3 header, which no -I here shadows): without it the build stops
// at the #error rather than at the linker's "cannot find -lxxhash".

//go:generate ../build/ferry-gen --go . --go-package xxhash xxhash.h

// #cgo CFLAGS: -I${SRCDIR} -I${SRCDIR}/../include
// #cgo LDFLAGS: -lxxhash
// #if !__has_include(<xxh3.h>)
// #error "package xxhash links libxxhash: install libxxhash-dev (apt-get install libxxhash-dev)"
// #endif
import "C"
