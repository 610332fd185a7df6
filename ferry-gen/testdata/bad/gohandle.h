/* gohandle.h: misuse of handles to Go values (FERRY_GO functions take or
 * return them). */
#include "ferry_gen.h"

typedef struct gh_conn gh_conn;
typedef struct gh_loose gh_loose;

ferry_status gh_conn_open(gh_conn **out FERRY_OUT) FERRY_GO;
ferry_status gh_conn_dial_async(gh_conn **out FERRY_OUT) FERRY_GO_ASYNC;
void gh_conn_note(gh_conn *c, gh_conn **out FERRY_OUT) FERRY_GO;
void gh_conn_touch(gh_conn *c);
ferry_status gh_conn_free(gh_conn *c, int32_t how) FERRY_GO FERRY_DESTRUCTOR;
ferry_status gh_loose_use(gh_loose *l) FERRY_GO;
