/* Bad for --rust (diagnostics.sh asks for every output): what binds an
 * existing C library from Go, which a Rust implementation cannot take. */
#include "ferry_gen.h"

/* An int length. */
int existing_rust_sum(const char *data FERRY_LEN(n), int n);
/* A C string. */
int existing_rust_len(const char *s);
/* A constant. */
#define EXISTING_RUST_ONE 1
/* An address result. */
const void *existing_rust_addr(void) FERRY_ADDRESS;
