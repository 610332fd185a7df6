// call_amd64.s: Go -> native fast-call trampolines for linux/amd64.
//
// Each trampoline is an ABI0 function: Go passes its arguments on the
// goroutine stack. It loads them into the System V argument registers,
// saves SP in R12 (callee-saved in C, so it survives the call), moves SP
// to the top of a native stack, CALLs fn and moves SP back. Go's ABI
// wrappers around ABI0 code restore R14 (g) and X15 (zero) afterwards; C
// preserves R14 anyway (callee-saved) and may clobber X15.
//
// Invariants this file relies on (docs/fast-call.md has the full list):
//   - No Go code runs between loading the arguments and returning, so the
//     goroutine stack cannot move or be scanned: arguments may point into
//     it. Hence NOSPLIT and no calls into Go, not even on the slow path.
//   - Async preemption (SIGURG) and profiling (SIGPROF) that land during
//     the native call see a PC outside Go and leave the goroutine alone;
//     their handlers run on the thread's signal stack, not on ours.
//   - Stack tops are 16-byte aligned, so SP is aligned at each CALL.

#include "textflag.h"
#include "go_asm.h"
#include "src/coro_layout.h"

// THREAD_STACK leaves this thread's native stack top in R11. It reads the
// static-TLS slot ferry__thread_stack_top at FS + threadSlotOffset; the
// first call on a thread finds it empty and maps the stack through
// bootstrap<>. Smashes R11 and, on the slow path, every caller-saved
// register: use it before loading arguments.
// The common case falls through; THREAD_STACK_SLOW, after the function's
// RET, is the first-call path.
#define THREAD_STACK \
retry: \
	MOVQ	·threadSlotOffset(SB), R11; \
	BYTE $0x64; BYTE $0x4d; BYTE $0x8b; BYTE $0x1b; \
	TESTQ	R11, R11; \
	JZ	slow

#define THREAD_STACK_SLOW \
slow: \
	CALL	bootstrap<>(SB); \
	JMP	retry

// CALL_ON(top) calls the function in AX on the native stack whose top is
// top, then restores SP. Below the top it first writes the call record
// (src/internal.h): the goroutine SP, whose first word is the return PC
// into the Go caller, and the Go frame pointer BP. A crash report reads
// them to name the Go caller (src/overflow.c). SP is moved with LEAQ, not
// SUBQ or PUSHQ, which the assembler would count as frame adjustments.
// Smashes R11, R12 and every register C may clobber.
#define CALL_ON(top) \
	MOVQ	SP, R12; \
	MOVQ	top, R11; \
	LEAQ	-16(R11), SP; \
	MOVQ	R12, 0(SP); \
	MOVQ	BP, 8(SP); \
	CALL	AX; \
	MOVQ	R12, SP

// CALL6_ON_THREAD_STACK loads fn and six arguments, in the frame layout
// Call6 and CallPair share, and calls fn on the stack THREAD_STACK found.
#define CALL6_ON_THREAD_STACK \
	MOVQ	fn+0(FP), AX; \
	MOVQ	a0+8(FP), DI; \
	MOVQ	a1+16(FP), SI; \
	MOVQ	a2+24(FP), DX; \
	MOVQ	a3+32(FP), CX; \
	MOVQ	a4+40(FP), R8; \
	MOVQ	a5+48(FP), R9; \
	CALL_ON(R11)

// preemptible<> is where every trampoline ends, by a tail jump once the
// result is stored: it returns to the trampoline's caller. It is not
// NOSPLIT, so the assembler gives it the stack-guard check that every Go
// function starts with, and that check is a cooperative preemption point.
// Without one, a goroutine making back-to-back fast calls spends nearly
// all its time outside Go, where async preemption declines, and a GC
// stop-the-world can wait for seconds. Here the call's arguments are dead,
// so the goroutine stack may move. The CALL below never runs: it only
// makes the function a non-leaf, which keeps its stack check.
TEXT preemptible<>(SB), 0, $0-0
	RET
	CALL	preemptible<>(SB)

// bootstrap<> maps the calling thread's native stack. It runs C on the
// shared bootstrap stack, taken with a spin lock (a thread's first call
// only, so contention is rare and short).
// Preconditions: on the goroutine stack; smashes all caller-saved registers.
TEXT bootstrap<>(SB), NOSPLIT|NOFRAME, $0-0
lock:
	MOVL	$1, AX
	XCHGL	AX, ·bootstrapLock(SB)
	TESTL	AX, AX
	JZ	locked
	PAUSE
	JMP	lock
locked:
	MOVQ	·bootstrapFn(SB), AX
	CALL_ON(·bootstrapStackTop(SB))
	MOVL	$0, ·bootstrapLock(SB)	// a plain store releases on amd64
	RET

// func Call0(fn Func) uintptr
TEXT ·Call0(SB), NOSPLIT|NOFRAME, $0-16
	THREAD_STACK
	MOVQ	fn+0(FP), AX
	CALL_ON(R11)
	MOVQ	AX, ret+8(FP)
	JMP	preemptible<>(SB)
	THREAD_STACK_SLOW

// func Call1(fn Func, a0 uintptr) uintptr
TEXT ·Call1(SB), NOSPLIT|NOFRAME, $0-24
	THREAD_STACK
	MOVQ	fn+0(FP), AX
	MOVQ	a0+8(FP), DI
	CALL_ON(R11)
	MOVQ	AX, ret+16(FP)
	JMP	preemptible<>(SB)
	THREAD_STACK_SLOW

// func Call2(fn Func, a0, a1 uintptr) uintptr
TEXT ·Call2(SB), NOSPLIT|NOFRAME, $0-32
	THREAD_STACK
	MOVQ	fn+0(FP), AX
	MOVQ	a0+8(FP), DI
	MOVQ	a1+16(FP), SI
	CALL_ON(R11)
	MOVQ	AX, ret+24(FP)
	JMP	preemptible<>(SB)
	THREAD_STACK_SLOW

// func Call3(fn Func, a0, a1, a2 uintptr) uintptr
TEXT ·Call3(SB), NOSPLIT|NOFRAME, $0-40
	THREAD_STACK
	MOVQ	fn+0(FP), AX
	MOVQ	a0+8(FP), DI
	MOVQ	a1+16(FP), SI
	MOVQ	a2+24(FP), DX
	CALL_ON(R11)
	MOVQ	AX, ret+32(FP)
	JMP	preemptible<>(SB)
	THREAD_STACK_SLOW

// func Call4(fn Func, a0, a1, a2, a3 uintptr) uintptr
TEXT ·Call4(SB), NOSPLIT|NOFRAME, $0-48
	THREAD_STACK
	MOVQ	fn+0(FP), AX
	MOVQ	a0+8(FP), DI
	MOVQ	a1+16(FP), SI
	MOVQ	a2+24(FP), DX
	MOVQ	a3+32(FP), CX
	CALL_ON(R11)
	MOVQ	AX, ret+40(FP)
	JMP	preemptible<>(SB)
	THREAD_STACK_SLOW

// func Call5(fn Func, a0, a1, a2, a3, a4 uintptr) uintptr
TEXT ·Call5(SB), NOSPLIT|NOFRAME, $0-56
	THREAD_STACK
	MOVQ	fn+0(FP), AX
	MOVQ	a0+8(FP), DI
	MOVQ	a1+16(FP), SI
	MOVQ	a2+24(FP), DX
	MOVQ	a3+32(FP), CX
	MOVQ	a4+40(FP), R8
	CALL_ON(R11)
	MOVQ	AX, ret+48(FP)
	JMP	preemptible<>(SB)
	THREAD_STACK_SLOW

// func Call6(fn Func, a0, a1, a2, a3, a4, a5 uintptr) uintptr
TEXT ·Call6(SB), NOSPLIT|NOFRAME, $0-64
	THREAD_STACK
	CALL6_ON_THREAD_STACK
	MOVQ	AX, ret+56(FP)
	JMP	preemptible<>(SB)
	THREAD_STACK_SLOW

// func CallPair(fn Func, a0, a1, a2, a3, a4, a5 uintptr) (r0, r1 uintptr)
// Call6 that also keeps RDX, the second integer return register.
TEXT ·CallPair(SB), NOSPLIT|NOFRAME, $0-72
	THREAD_STACK
	CALL6_ON_THREAD_STACK
	MOVQ	AX, r0+56(FP)
	MOVQ	DX, r1+64(FP)
	JMP	preemptible<>(SB)
	THREAD_STACK_SLOW

// ACQUIRE(busy) takes a dedicated stack for this call: busy is the
// stack's flag, 0 when free. A taken stack jumps to stackBusy, which
// panics in the caller's frame: two goroutines on one stack would corrupt
// each other, so misuse is stopped before the switch. XCHG is atomic.
#define ACQUIRE(busy) \
	MOVL	$1, BX; \
	XCHGL	BX, busy; \
	TESTL	BX, BX; \
	JNZ	busy_path

// stackCall6 is the dedicated-stack trampoline behind every (*Stack).Call<N>
// and (*Stack).CallPair (C ignores surplus argument registers): CallPair
// with the stack taken from s. R13 keeps s across the call (callee-saved
// in C).

// func stackCall6(s *Stack, fn Func, a0, a1, a2, a3, a4, a5 uintptr) (r0, r1 uintptr)
TEXT ·stackCall6(SB), NOSPLIT|NOFRAME, $0-80
	MOVQ	s+0(FP), R13
	ACQUIRE(Stack_busy(R13))
	MOVQ	fn+8(FP), AX
	MOVQ	a0+16(FP), DI
	MOVQ	a1+24(FP), SI
	MOVQ	a2+32(FP), DX
	MOVQ	a3+40(FP), CX
	MOVQ	a4+48(FP), R8
	MOVQ	a5+56(FP), R9
	CALL_ON(Stack_top(R13))
	MOVL	$0, Stack_busy(R13)
	MOVQ	AX, r0+64(FP)
	MOVQ	DX, r1+72(FP)
	JMP	preemptible<>(SB)
busy_path:
	JMP	·stackBusy(SB)

// func coroResume(co unsafe.Pointer) int
// Resumes a call with callbacks (callback.go, src/coro.c): switches to the
// coroutine right here, without a call, and comes back when the native
// side calls back (1) or finishes (0). This is the Go side of the switch
// in src/coro_amd64.S (whose ferry__coro_resume_go is the same for C
// callers): it leaves BP under its return address and SP in the
// coroutine, loads the native side's registers and returns from its
// pending ferry_callback_call; that, or ferry__coro_finish, later loads
// SP and BP back, stores the result in ret and jumps to the return
// address. Not NOSPLIT: its stack check is the preemption point between
// callbacks; co points to C memory, so the stack may move there. No
// signal handler walks this frame while SP is on the coroutine stack:
// the PC is in assembly (no async preemption) and the SP outside the
// goroutine stack (the profiler does not unwind). The CALL after the
// last JMP never runs: it keeps the stack check (see preemptible<>).
// No PUSHQ or POPQ: the assembler counts those into the frame's SP
// table, and since they do not balance here, the table would be wrong at
// the stack check's morestack call, which the garbage collector then
// unwinds ("missing stackmap"). MOVQ and LEAQ to SP are not counted.
TEXT ·coroResume(SB), NOFRAME, $0-16
	MOVQ	co+0(FP), DI
	MOVQ	BP, -8(SP)	// BP under the return address, as a push would
	LEAQ	-8(SP), AX
	MOVQ	AX, FERRY__CB_CALLER_SP(DI)
	MOVQ	FERRY__CB_CORO_SP(DI), SP
	MOVQ	0(SP), R15
	MOVQ	8(SP), R14
	MOVQ	16(SP), R13
	MOVQ	24(SP), R12
	MOVQ	32(SP), BX
	MOVQ	40(SP), BP
	MOVQ	48(SP), R11	// the return address of ferry_callback_call
	LEAQ	56(SP), SP
	MOVQ	FERRY__CB_STATUS(DI), AX	// what ferry_callback_call returns
	JMP	R11
	CALL	·coroResume(SB)
