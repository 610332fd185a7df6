/* Binding an existing library: pointer + length pairs, FERRY_NAME,
 * FERRY_METHOD, FERRY_STRINGS and destructors that return a code. Each
 * declaration below has the errors its comment names. */
#ifndef LIB_H
#define LIB_H

#include "ferry_gen.h"

typedef enum { LIB_OK, LIB_FAIL } lib_code FERRY_NAME(code);
typedef struct lib_state_s lib_state_t FERRY_NAME(state);
/* A name that is not snake_case; an annotation a typedef cannot take. */
typedef struct lib_other_s lib_other_t FERRY_NAME(Other);
typedef struct lib_third_s lib_third_t FERRY_OUT;

/* A pointer without its length. */
uint64_t lib_bare(const void *data);
/* A length that does not exist; one that is not an integer. */
uint64_t lib_missing(const void *data FERRY_LEN(n), size_t len);
uint64_t lib_narrow(const void *data FERRY_LEN(len), double len);
/* Two buffers sharing one length; FERRY_LEN on a pointer to words. */
uint64_t lib_shared(const void *a FERRY_LEN(len), const void *b FERRY_LEN(len), size_t len);
uint64_t lib_typed(const uint32_t *data FERRY_LEN(len), size_t len);
/* FERRY_STRINGS without a const buffer. */
void lib_fill(void *out FERRY_LEN(len), size_t len) FERRY_STRINGS;
/* FERRY_METHOD without a handle first; two names. */
uint64_t lib_free_fn(uint64_t x) FERRY_METHOD(get);
uint64_t lib_twice(uint64_t x) FERRY_NAME(a) FERRY_NAME(b);
/* Two functions that become Go's Sum, and a keyword. */
uint64_t LIB_SUM(uint64_t x) FERRY_NAME(sum);
uint64_t lib_sum2(uint64_t x) FERRY_NAME(sum);
uint64_t lib_kw(uint64_t x) FERRY_NAME(type);
/* Two methods that become State.Get. */
uint64_t lib_get_a(const lib_state_t *s) FERRY_METHOD(get);
uint64_t lib_get_b(const lib_state_t *s) FERRY_METHOD(get);
/* A destructor may return a code, not a struct or a pointer. */
lib_code lib_free(lib_state_t *s) FERRY_DESTRUCTOR;
double *lib_bad_free(lib_other_t *s) FERRY_DESTRUCTOR;

#endif
