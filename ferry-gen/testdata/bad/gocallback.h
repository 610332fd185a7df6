/* Bad: misuse of FERRY_GO_CALLBACK (a Go func for a library's C function
 * pointer and void * user pointer) and of FERRY_ADDRESS on parameters. */
#include "ferry_gen.h"

typedef int (*gocallback_cmp)(const void *a, const void *b, void *arg);
typedef int (*gocallback_nouser)(const void *a, const void *b);
typedef int (*gocallback_twouser)(void *a, void *b);
typedef double (*gocallback_float)(void *arg, double x);
typedef int (*gocallback_five)(void *arg, int a, int b, int c, int d, int e);
typedef void (*gocallback_done)(void *arg);

/* The user pointer is not a parameter. */
void gocallback_missing(gocallback_cmp f FERRY_GO_CALLBACK(user), void *arg);
/* The user pointer is not a void *. */
void gocallback_typed(gocallback_cmp f FERRY_GO_CALLBACK(n), int n);
void gocallback_const(gocallback_cmp f FERRY_GO_CALLBACK(arg),
                      const void *arg);
/* Not on a function pointer. */
void gocallback_int(int f FERRY_GO_CALLBACK(arg), void *arg);
/* Typedefs a Go func cannot stand for. */
void gocallback_none(gocallback_nouser f FERRY_GO_CALLBACK(arg), void *arg);
void gocallback_two(gocallback_twouser f FERRY_GO_CALLBACK(arg), void *arg);
void gocallback_floats(gocallback_float f FERRY_GO_CALLBACK(arg), void *arg);
void gocallback_many(gocallback_five f FERRY_GO_CALLBACK(arg), void *arg);
void gocallback_void(gocallback_done f FERRY_GO_CALLBACK(arg, 1), void *arg);
/* Two in one function. */
void gocallback_second(gocallback_done f FERRY_GO_CALLBACK(a),
                       gocallback_done g FERRY_GO_CALLBACK(b), void *a,
                       void *b);
/* Modes it does not take. */
void gocallback_dedicated(gocallback_done f FERRY_GO_CALLBACK(arg), void *arg)
    FERRY_DEDICATED;
/* A fast call with a result on the goroutine stack, and one with four
 * argument words: both need FERRY_CGO. */
int gocallback_out(gocallback_done f FERRY_GO_CALLBACK(arg), void *arg,
                   int *out FERRY_OUT);
void gocallback_wide(int64_t a, int64_t b, int64_t c, int64_t d,
                     gocallback_done f FERRY_GO_CALLBACK(arg), void *arg);
/* Both are fine as cgo calls. */
int gocallback_out_cgo(gocallback_done f FERRY_GO_CALLBACK(arg), void *arg,
                       int *out FERRY_OUT) FERRY_CGO;
void gocallback_wide_cgo(int64_t a, int64_t b, int64_t c, int64_t d,
                         gocallback_done f FERRY_GO_CALLBACK(arg), void *arg)
    FERRY_CGO;
/* FERRY_ADDRESS on what is not a void *. */
void gocallback_address(int *p FERRY_ADDRESS);
/* The abort value is an integer literal. */
void gocallback_abort(gocallback_cmp f FERRY_GO_CALLBACK(arg, x), void *arg);
/* A ferry callback (FERRY_CALLBACK) is not a C function pointer. */
typedef int64_t (*gocallback_visit)(int64_t v) FERRY_CALLBACK;
void gocallback_closure(gocallback_visit f FERRY_GO_CALLBACK(arg), void *arg);
/* Go implements it: it is Go already. */
ferry_status gocallback_go(gocallback_done f FERRY_GO_CALLBACK(arg), void *arg)
    FERRY_GO;
/* A callback type the file does not declare. */
void gocallback_unknown(gocallback_nosuch f FERRY_GO_CALLBACK(arg), void *arg);
/* Its Go func type's name is taken. */
typedef struct gocallback_cmp_func gocallback_cmp_func;
void gocallback_taken(gocallback_cmp f FERRY_GO_CALLBACK(arg), void *arg);
