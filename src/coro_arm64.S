/* coro_arm64.S: the coroutine switch behind ferry_callback_call.
 *
 * The suspended native side's stack holds 20 words, from SP up: x19-x28,
 * x29, x30 (the return address of the call it is suspended in), d8-d15
 * (AAPCS64 callee-saved registers). Go stores the callback's result
 * through cb_result_to itself, and a failed callback's status is set by
 * ferry__coro_fail (coro.c), so the switch back only loads cb_status.
 * The suspended Go side's holds 4 words below its SP: x29, x30 (the
 * return address of coroResume, which switches inline: call_arm64.s), x28
 * (g) and a spare. coroResume is an ABI0 function, which may clobber every
 * register but SP, the frame pointer and g, so nothing else of Go's needs
 * saving. Caller-saved registers need no saving on either side: each
 * switch happens inside a call. FPCR is not switched: native code that
 * changes it must restore it before calling back. Offsets: coro_layout.h.
 *
 * Where a switch lands on the other side it returns with br x30, not ret:
 * ret is predicted from the return stack, which holds this side's return
 * address; br is predicted from its own history, the same every round
 * trip (see coro_amd64.S). */
#include "coro_layout.h"

#define FRAME 160

/* SUSPEND(sp_field): saves this side's registers and SP in the coroutine
 * (x0). RESTORE(sp_field): loads the other side's registers; its frame
 * stays on the stack until POP. */
#define SUSPEND(sp_field) \
	sub	sp, sp, #FRAME; \
	stp	x19, x20, [sp, #0]; \
	stp	x21, x22, [sp, #16]; \
	stp	x23, x24, [sp, #32]; \
	stp	x25, x26, [sp, #48]; \
	stp	x27, x28, [sp, #64]; \
	stp	x29, x30, [sp, #80]; \
	stp	d8, d9, [sp, #96]; \
	stp	d10, d11, [sp, #112]; \
	stp	d12, d13, [sp, #128]; \
	stp	d14, d15, [sp, #144]; \
	mov	x9, sp; \
	str	x9, [x0, sp_field]
#define RESTORE(sp_field) \
	ldr	x9, [x0, sp_field]; \
	mov	sp, x9; \
	ldp	x19, x20, [sp, #0]; \
	ldp	x21, x22, [sp, #16]; \
	ldp	x23, x24, [sp, #32]; \
	ldp	x25, x26, [sp, #48]; \
	ldp	x27, x28, [sp, #64]; \
	ldp	x29, x30, [sp, #80]; \
	ldp	d8, d9, [sp, #96]; \
	ldp	d10, d11, [sp, #112]; \
	ldp	d12, d13, [sp, #128]; \
	ldp	d14, d15, [sp, #144]
#define POP \
	add	sp, sp, #FRAME
/* The Go side's frame, below its SP: SUSPEND_GO saves it and its address
 * in the coroutine (x0), as coroResume (call_arm64.s) does inline;
 * RETURN_TO_GO(state) loads it back, stores state in the word two above
 * SP (where an ABI0 function of one argument returns its result:
 * coroResume's ret, ferry__coro_resume's slot) and jumps to x30, the
 * return address of that resume. */
#define GO_FRAME 32
#define SUSPEND_GO \
	sub	sp, sp, #GO_FRAME; \
	stp	x29, x30, [sp, #0]; \
	str	x28, [sp, #16]; \
	mov	x9, sp; \
	str	x9, [x0, FERRY__CB_CALLER_SP]
#define RETURN_TO_GO(state) \
	ldr	x9, [x0, FERRY__CB_CALLER_SP]; \
	mov	sp, x9; \
	ldp	x29, x30, [sp, #0]; \
	ldr	x28, [sp, #16]; \
	add	sp, sp, #GO_FRAME; \
	mov	x9, state; \
	str	x9, [sp, #16]; \
	br	x30

	.text

/* The Go side (coroResume, call_arm64.s) switches to the native side
 * inline, in Go assembly. ferry__coro_resume_go is the same switch for C
 * callers: called with co in x0 and two free words at sp + 8, it runs the
 * native side until it calls back (state 1) or finishes (0), stored in
 * the upper word. Keeps only x28-x30. */
	.globl	ferry__coro_resume_go
	.hidden	ferry__coro_resume_go
	.type	ferry__coro_resume_go, %function
ferry__coro_resume_go:
	SUSPEND_GO
	RESTORE(FERRY__CB_CORO_SP)
	POP
	ldr	x0, [x0, #FERRY__CB_STATUS]	/* the callback's status */
	br	x30
	.size	ferry__coro_resume_go, .-ferry__coro_resume_go

/* intptr_t ferry__coro_resume(ferry_callback *co): the same for C callers
 * (test/test-coro.c), keeping the registers C expects kept. */
	.globl	ferry__coro_resume
	.hidden	ferry__coro_resume
	.type	ferry__coro_resume, %function
ferry__coro_resume:
	sub	sp, sp, #160
	stp	x19, x20, [sp, #0]
	stp	x21, x22, [sp, #16]
	stp	x23, x24, [sp, #32]
	stp	x25, x26, [sp, #48]
	stp	x27, x28, [sp, #64]
	stp	x29, x30, [sp, #80]
	stp	d8, d9, [sp, #96]
	stp	d10, d11, [sp, #112]
	stp	d12, d13, [sp, #128]
	stp	d14, d15, [sp, #144]
	sub	sp, sp, #32		/* the words the state is stored in */
	bl	ferry__coro_resume_go
	ldr	x0, [sp, #16]		/* the state */
	add	sp, sp, #32
	ldp	x19, x20, [sp, #0]
	ldp	x21, x22, [sp, #16]
	ldp	x23, x24, [sp, #32]
	ldp	x25, x26, [sp, #48]
	ldp	x27, x28, [sp, #64]
	ldp	x29, x30, [sp, #80]
	ldp	d8, d9, [sp, #96]
	ldp	d10, d11, [sp, #112]
	ldp	d12, d13, [sp, #128]
	ldp	d14, d15, [sp, #144]
	add	sp, sp, #160
	ret
	.size	ferry__coro_resume, .-ferry__coro_resume

/* int ferry_callback_call(ferry_callback *cb, uintptr_t a0, uintptr_t a1,
 *                         uintptr_t a2, uintptr_t a3, uintptr_t *result)
 * The native side: asks Go to run the callback; returns (through
 * ferry__coro_resume's tail) once Go resumes. */
	.globl	ferry_callback_call
	.type	ferry_callback_call, %function
ferry_callback_call:
	ldp	x11, x10, [x0, #FERRY__CB_STACK_SPAN]	/* span, stack_lo */
	mov	x9, sp			/* on cb's own stack, callbacks allowed? */
	sub	x9, x9, x10
	cmp	x9, x11
	b.hs	1f
	stp	x1, x2, [x0, #FERRY__CB_ARGS]
	stp	x3, x4, [x0, #(FERRY__CB_ARGS + 16)]
	str	x5, [x0, #FERRY__CB_RESULT_TO]
	SUSPEND(FERRY__CB_CORO_SP)
	RETURN_TO_GO(#1)		/* a callback is pending */
1:	ldp	x10, x11, [x0, #FERRY__CB_STACK_LO]	/* on cb's own stack? (coro.c) */
	mov	x9, sp
	cmp	x9, x10
	b.lo	3f
	cmp	x9, x11
	b.hs	3f
	mov	x0, #-7			/* FERRY_ECANCELED: an earlier callback failed */
	ret
3:	b	ferry__callback_misuse	/* a stale or foreign handle: dies */
	.size	ferry_callback_call, .-ferry_callback_call

/* void ferry__coro_finish(ferry_callback *co): the native function has
 * returned; resume returns 0 to Go. */
	.globl	ferry__coro_finish
	.hidden	ferry__coro_finish
	.type	ferry__coro_finish, %function
ferry__coro_finish:
	RETURN_TO_GO(#0)
	.size	ferry__coro_finish, .-ferry__coro_finish

/* The first resume of a coroutine returns here, x19 = the coroutine (see
 * initial_sp in coro.c). */
	.globl	ferry__coro_boot
	.hidden	ferry__coro_boot
	.type	ferry__coro_boot, %function
ferry__coro_boot:
	mov	x29, #0			/* the outermost frame: ends backtraces */
	mov	x0, x19
	bl	ferry__coro_main
	brk	#0			/* ferry__coro_main never returns */
	.size	ferry__coro_boot, .-ferry__coro_boot
	.section .note.GNU-stack,"",@progbits
