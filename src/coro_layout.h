/* coro_layout.h: offsets in struct ferry_callback (src/internal.h) that
 * the coroutine switch in coro_<arch>.S uses; coro.c checks each one with
 * a static assertion. Plain defines: the assembler includes this too. */
#ifndef FERRY_CORO_LAYOUT_H
#define FERRY_CORO_LAYOUT_H

#define FERRY__CB_ARGS 0
#define FERRY__CB_RESULT_TO 32
#define FERRY__CB_STATUS 40
#define FERRY__CB_CORO_SP 88
#define FERRY__CB_CALLER_SP 96
#define FERRY__CB_STACK_SPAN 104
#define FERRY__CB_STACK_LO 112
#define FERRY__CB_STACK_HI 120

#endif
