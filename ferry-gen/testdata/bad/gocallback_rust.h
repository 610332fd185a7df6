/* Bad for --rust (diagnostics.sh asks for every output): a Go func for a
 * library's C callback, and an address parameter, are for binding an
 * existing C library from Go. */
#include "ferry_gen.h"

typedef int (*gocallback_rust_cmp)(const void *a, const void *b, void *arg);

void gocallback_rust_sort(void *base FERRY_ADDRESS, size_t n,
                          gocallback_rust_cmp f FERRY_GO_CALLBACK(arg),
                          void *arg);
