/* coro_amd64.S: the coroutine switch behind ferry_callback_call.
 *
 * The suspended native side's stack holds, from SP up: r15 r14 r13 r12
 * rbx rbp (System V callee-saved registers) and the return address of its
 * pending ferry_callback_call. The suspended Go side's holds only rbp and
 * the return address of coroResume, which switches inline (call_amd64.s):
 * it is an ABI0 function, which may clobber every register but SP and BP
 * (the Go caller reloads g and X15 after it), so nothing else of Go's
 * needs saving. Go stores the callback's result through cb_result_to
 * itself, and a failed callback's status is set by ferry__coro_fail
 * (coro.c), so the switch back only loads cb_status. Caller-saved registers need
 * no saving on either side: each switch happens inside a call. MXCSR and
 * the x87 control word are not switched: native code that changes them
 * must restore them before calling back. Offsets: coro_layout.h.
 *
 * Where a switch lands on the other side it "returns" with pop + jmp, not
 * ret. A ret there is always mispredicted: the return stack buffer holds
 * this side's return address, not the other's. The indirect jmp is
 * predicted from its own history, which is the same every round trip.
 * The return stack is left with stale entries, which costs one
 * misprediction per CallWithCallback instead of two per callback. (Not
 * compatible with CET shadow stacks, which Go binaries do not enable.) */
#include "coro_layout.h"

/* SUSPEND(sp_field): saves this side's registers and SP in the
 * coroutine (%rdi). RESUME(sp_field): loads the other side's. */
#define SUSPEND(sp_field) \
	pushq %rbp; pushq %rbx; pushq %r12; pushq %r13; pushq %r14; pushq %r15; \
	movq %rsp, sp_field(%rdi)
#define RESUME(sp_field) \
	movq sp_field(%rdi), %rsp; \
	popq %r15; popq %r14; popq %r13; popq %r12; popq %rbx; popq %rbp
/* RETURN_TO_GO(state): returns from the Go side's pending resume with
 * state: loads its SP and frame pointer, stores state in the word two
 * above the return address (where an ABI0 function of one argument
 * returns its result: coroResume's ret, ferry__coro_resume's slot) and
 * jumps to that return address. */
#define RETURN_TO_GO(state) \
	movq FERRY__CB_CALLER_SP(%rdi), %rsp; \
	popq %rbp; \
	movq state, 16(%rsp); \
	popq %r11; \
	jmp *%r11

	.text

/* The Go side (coroResume, call_amd64.s) switches to the native side
 * inline, in Go assembly. ferry__coro_resume_go is the same switch for C
 * callers: called with co in rdi and two free words above its return
 * address, it runs the native side until it calls back (state 1) or
 * finishes (0), stored in the upper word. Keeps only rbp. */
	.globl	ferry__coro_resume_go
	.hidden	ferry__coro_resume_go
	.type	ferry__coro_resume_go, @function
ferry__coro_resume_go:
	pushq	%rbp
	movq	%rsp, FERRY__CB_CALLER_SP(%rdi)
	RESUME(FERRY__CB_CORO_SP)
	movq	FERRY__CB_STATUS(%rdi), %rax	/* the callback's status */
	popq	%r11
	jmp	*%r11
	.size	ferry__coro_resume_go, .-ferry__coro_resume_go

/* intptr_t ferry__coro_resume(ferry_callback *co): resume for C callers
 * (test/test-coro.c), keeping the registers C expects kept. */
	.globl	ferry__coro_resume
	.hidden	ferry__coro_resume
	.type	ferry__coro_resume, @function
ferry__coro_resume:
	pushq	%rbx
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15			/* SP is 16-byte aligned again */
	subq	$16, %rsp		/* the two words above the return address */
	call	ferry__coro_resume_go
	movq	8(%rsp), %rax		/* the state */
	addq	$16, %rsp
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%rbx
	ret
	.size	ferry__coro_resume, .-ferry__coro_resume

/* int ferry_callback_call(ferry_callback *cb, uintptr_t a0, uintptr_t a1,
 *                         uintptr_t a2, uintptr_t a3, uintptr_t *result)
 * The native side: asks Go to run the callback; returns (through
 * ferry__coro_resume's tail) once Go resumes. */
	.globl	ferry_callback_call
	.type	ferry_callback_call, @function
ferry_callback_call:
	movq	%rsp, %rax		/* on cb's own stack, callbacks allowed? */
	subq	FERRY__CB_STACK_LO(%rdi), %rax
	cmpq	FERRY__CB_STACK_SPAN(%rdi), %rax
	jae	1f
	movq	%rsi, FERRY__CB_ARGS+0(%rdi)
	movq	%rdx, FERRY__CB_ARGS+8(%rdi)
	movq	%rcx, FERRY__CB_ARGS+16(%rdi)
	movq	%r8, FERRY__CB_ARGS+24(%rdi)
	movq	%r9, FERRY__CB_RESULT_TO(%rdi)
	SUSPEND(FERRY__CB_CORO_SP)
	RETURN_TO_GO($1)		/* a callback is pending */
1:	cmpq	FERRY__CB_STACK_LO(%rdi), %rsp	/* on cb's own stack? (coro.c) */
	jb	3f
	cmpq	FERRY__CB_STACK_HI(%rdi), %rsp
	jae	3f
	movl	$-7, %eax		/* FERRY_ECANCELED: an earlier callback failed */
	ret
3:	jmp	ferry__callback_misuse	/* a stale or foreign handle: dies */
	.size	ferry_callback_call, .-ferry_callback_call

/* void ferry__coro_finish(ferry_callback *co): the native function has
 * returned; resume returns 0 to Go. The coroutine's stack is abandoned
 * as it is: ferry__coro_start lays a new frame on it next time. */
	.globl	ferry__coro_finish
	.hidden	ferry__coro_finish
	.type	ferry__coro_finish, @function
ferry__coro_finish:
	RETURN_TO_GO($0)
	.size	ferry__coro_finish, .-ferry__coro_finish

/* The first resume of a coroutine returns here, r15 = the coroutine (see
 * initial_sp in coro.c). */
	.globl	ferry__coro_boot
	.hidden	ferry__coro_boot
	.type	ferry__coro_boot, @function
ferry__coro_boot:
	xorl	%ebp, %ebp		/* the outermost frame: ends backtraces */
	andq	$-16, %rsp		/* SysV: aligned at the call */
	movq	%r15, %rdi
	call	ferry__coro_main
	ud2				/* ferry__coro_main never returns */
	.size	ferry__coro_boot, .-ferry__coro_boot
	.section .note.GNU-stack,"",@progbits
