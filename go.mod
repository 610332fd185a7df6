module github.com/ferry-ffi/ferry

go 1.24
