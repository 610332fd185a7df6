/* xxhash.h: the ferry interface of libxxhash 0.8 (Debian's libxxhash-dev,
 * linked with -lxxhash), for ferry-gen.
 *
 * This file describes the library's ABI; it is not the library's own
 * header. The generated cgo file includes this file (with -I, it shadows
 * <xxhash.h>), so every prototype here must be ABI-compatible with the
 * library's: the same C name, the same argument and return types at the
 * same widths, in the same order. Parameter and field names are free
 * (they become Go's); XXH64_hash_t is written uint64_t, XXH32_hash_t
 * uint32_t.
 * xxhash_test.go compares every function with a plain cgo call of the
 * library compiled against the library's own header. */
#ifndef FERRY_XXHASH_H
#define FERRY_XXHASH_H

#include <stddef.h>
#include <stdint.h>

#include "ferry_gen.h"

/* What the streaming functions return: XXH_OK, or XXH_ERROR for a NULL
 * state (which the Go side never passes). */
typedef enum { XXH_OK = 0, XXH_ERROR } XXH_errorcode FERRY_NAME(errorcode);

/* A 128-bit hash (XXH128_hash_t: low64, high64). C returns it by value
 * in two registers. */
typedef struct {
  /* The low 64 bits (low64). */
  uint64_t lo;
  /* The high 64 bits (high64). */
  uint64_t hi;
} XXH128_hash_t FERRY_NAME(uint128);

/* The state of a streaming XXH3 hash (64 or 128 bits), allocated by the
 * library. */
typedef struct XXH3_state_s XXH3_state_t FERRY_NAME(state);

/* ---- One-shot hashes ----
 * A fast call up to 16 KiB, a cgo call above: see doc.go for the
 * measurement behind the threshold. */

/* XXH32 of the bytes with a seed. */
uint32_t XXH32(const void *data FERRY_LEN(len), size_t len, uint32_t seed)
    FERRY_NAME(sum32_seed) FERRY_STRINGS FERRY_CGO_ABOVE(data, 16384);

/* XXH64 of the bytes with a seed. */
uint64_t XXH64(const void *data FERRY_LEN(len), size_t len, uint64_t seed)
    FERRY_NAME(sum64_seed) FERRY_STRINGS FERRY_CGO_ABOVE(data, 16384);

/* XXH3 (64-bit) of the bytes: the library's fastest hash. */
uint64_t XXH3_64bits(const void *data FERRY_LEN(len), size_t len)
    FERRY_NAME(sum3) FERRY_STRINGS FERRY_CGO_ABOVE(data, 16384);

/* XXH3 (64-bit) with a seed; seed 0 gives Sum3's result. */
uint64_t XXH3_64bits_withSeed(const void *data FERRY_LEN(len), size_t len,
                              uint64_t seed)
    FERRY_NAME(sum3_seed) FERRY_STRINGS FERRY_CGO_ABOVE(data, 16384);

/* XXH3 (128-bit) of the bytes. */
XXH128_hash_t XXH3_128bits(const void *data FERRY_LEN(len), size_t len)
    FERRY_NAME(sum128) FERRY_STRINGS FERRY_CGO_ABOVE(data, 16384);

/* XXH3 (128-bit) with a seed; seed 0 gives Sum128's result. */
XXH128_hash_t XXH3_128bits_withSeed(const void *data FERRY_LEN(len),
                                    size_t len, uint64_t seed)
    FERRY_NAME(sum128_seed) FERRY_STRINGS FERRY_CGO_ABOVE(data, 16384);

/* ---- Streaming XXH3 ---- */

/* A new state, not yet reset: call Reset or ResetSeed first. Nil when
 * the library could not allocate it. */
XXH3_state_t *XXH3_createState(void) FERRY_NAME(new_state);
XXH_errorcode XXH3_freeState(XXH3_state_t *state) FERRY_DESTRUCTOR;
/* Starts a new hash, equal to Sum3 of what Update then adds. */
XXH_errorcode XXH3_64bits_reset(XXH3_state_t *state) FERRY_METHOD(reset);
/* Starts a new hash, equal to Sum3Seed with seed. */
XXH_errorcode XXH3_64bits_reset_withSeed(XXH3_state_t *state, uint64_t seed)
    FERRY_METHOD(reset_seed);
/* Adds bytes to the hash. */
XXH_errorcode XXH3_64bits_update(XXH3_state_t *state,
                                 const void *data FERRY_LEN(len), size_t len)
    FERRY_METHOD(update) FERRY_STRINGS FERRY_CGO_ABOVE(data, 16384);
/* The hash of the bytes added since the reset; the state is unchanged. */
uint64_t XXH3_64bits_digest(const XXH3_state_t *state) FERRY_METHOD(digest);

/* The same for the 128-bit hash: a state reset by Reset128 or
 * Reset128Seed and fed by Update128 gives Sum128 or Sum128Seed. */
XXH_errorcode XXH3_128bits_reset(XXH3_state_t *state) FERRY_METHOD(reset128);
XXH_errorcode XXH3_128bits_reset_withSeed(XXH3_state_t *state, uint64_t seed)
    FERRY_METHOD(reset128_seed);
XXH_errorcode XXH3_128bits_update(XXH3_state_t *state,
                                  const void *data FERRY_LEN(len), size_t len)
    FERRY_METHOD(update128) FERRY_STRINGS FERRY_CGO_ABOVE(data, 16384);
XXH128_hash_t XXH3_128bits_digest(const XXH3_state_t *state)
    FERRY_METHOD(digest128);

#endif /* FERRY_XXHASH_H */
