// call_arm64.s: Go -> native fast-call trampolines for linux/arm64.
//
// Each trampoline is an ABI0 function: Go passes its arguments on the
// goroutine stack. It loads them into the AAPCS64 argument registers
// (R0-R7), keeps RSP in R19 and LR in R20 (both callee-saved in C, and
// free in Go's ABI0), moves RSP to the top of a native stack, calls fn with
// BL and moves RSP back. C preserves R28 (g) as a callee-saved register.
// NOFRAME: the functions save LR in R20 themselves instead of on the
// goroutine stack.
//
// Invariants this file relies on (docs/fast-call.md has the full list):
//   - No Go code runs between loading the arguments and returning, so the
//     goroutine stack cannot move or be scanned: arguments may point into
//     it. Hence NOSPLIT and no calls into Go, not even on the slow path.
//   - Signals during the native call run on the thread's signal stack and
//     see a PC outside Go: no async preemption, profiling samples go to
//     external code.
//   - Stack tops are 16-byte aligned, as AAPCS64 requires of RSP always.

#include "textflag.h"
#include "go_asm.h"
#include "src/coro_layout.h"

// THREAD_STACK leaves this thread's native stack top in R10: the static-TLS
// slot ferry__thread_stack_top at TPIDR_EL0 + threadSlotOffset. The first
// call on a thread finds it empty and takes THREAD_STACK_SLOW (placed
// after the function's RET), which maps the stack through bootstrap<>.
// Smashes R10, R11 and, on the slow path, every register C may clobber:
// use it before loading arguments.
#define THREAD_STACK \
retry: \
	MRS	TPIDR_EL0, R10; \
	MOVD	·threadSlotOffset(SB), R11; \
	MOVD	(R10)(R11), R10; \
	CBZ	R10, slow

#define THREAD_STACK_SLOW \
slow: \
	MOVD	R30, R21; \
	CALL	bootstrap<>(SB); \
	MOVD	R21, R30; \
	JMP	retry

// CALL_ON(top) calls the function in R9 on the native stack whose top is
// top (a register), then restores RSP and LR. Below the top it first
// writes the call record (src/internal.h): LR, the return PC into the Go
// caller, and the Go frame pointer R29. A crash report reads them to name
// the Go caller (src/overflow.c). Smashes R19, R20 and every register C
// may clobber.
#define CALL_ON(top) \
	MOVD	RSP, R19; \
	MOVD	R30, R20; \
	SUB	$16, top, RSP; \
	STP	(R30, R29), 0(RSP); \
	CALL	(R9); \
	MOVD	R19, RSP; \
	MOVD	R20, R30

// CALL6_ON_THREAD_STACK loads fn and six arguments, in the frame layout
// Call6 and CallPair share, and calls fn on the stack THREAD_STACK found.
#define CALL6_ON_THREAD_STACK \
	MOVD	fn+0(FP), R9; \
	MOVD	a0+8(FP), R0; \
	MOVD	a1+16(FP), R1; \
	MOVD	a2+24(FP), R2; \
	MOVD	a3+32(FP), R3; \
	MOVD	a4+40(FP), R4; \
	MOVD	a5+48(FP), R5; \
	CALL_ON(R10)

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
// Preconditions: LR saved by the caller; smashes all C caller-saved
// registers and R19, R20, R22.
TEXT bootstrap<>(SB), NOSPLIT|NOFRAME, $0-0
	MOVD	R30, R22
	MOVD	$·bootstrapLock(SB), R12
lock:
	LDAXRW	(R12), R13
	CBNZW	R13, lock
	MOVW	$1, R13
	STLXRW	R13, (R12), R14
	CBNZW	R14, lock
	MOVD	·bootstrapFn(SB), R9
	MOVD	·bootstrapStackTop(SB), R10
	CALL_ON(R10)
	MOVD	$·bootstrapLock(SB), R12
	STLRW	ZR, (R12)
	MOVD	R22, R30
	RET

// func Call0(fn Func) uintptr
TEXT ·Call0(SB), NOSPLIT|NOFRAME, $0-16
	THREAD_STACK
	MOVD	fn+0(FP), R9
	CALL_ON(R10)
	MOVD	R0, ret+8(FP)
	JMP	preemptible<>(SB)
	THREAD_STACK_SLOW

// func Call1(fn Func, a0 uintptr) uintptr
TEXT ·Call1(SB), NOSPLIT|NOFRAME, $0-24
	THREAD_STACK
	MOVD	fn+0(FP), R9
	MOVD	a0+8(FP), R0
	CALL_ON(R10)
	MOVD	R0, ret+16(FP)
	JMP	preemptible<>(SB)
	THREAD_STACK_SLOW

// func Call2(fn Func, a0, a1 uintptr) uintptr
TEXT ·Call2(SB), NOSPLIT|NOFRAME, $0-32
	THREAD_STACK
	MOVD	fn+0(FP), R9
	MOVD	a0+8(FP), R0
	MOVD	a1+16(FP), R1
	CALL_ON(R10)
	MOVD	R0, ret+24(FP)
	JMP	preemptible<>(SB)
	THREAD_STACK_SLOW

// func Call3(fn Func, a0, a1, a2 uintptr) uintptr
TEXT ·Call3(SB), NOSPLIT|NOFRAME, $0-40
	THREAD_STACK
	MOVD	fn+0(FP), R9
	MOVD	a0+8(FP), R0
	MOVD	a1+16(FP), R1
	MOVD	a2+24(FP), R2
	CALL_ON(R10)
	MOVD	R0, ret+32(FP)
	JMP	preemptible<>(SB)
	THREAD_STACK_SLOW

// func Call4(fn Func, a0, a1, a2, a3 uintptr) uintptr
TEXT ·Call4(SB), NOSPLIT|NOFRAME, $0-48
	THREAD_STACK
	MOVD	fn+0(FP), R9
	MOVD	a0+8(FP), R0
	MOVD	a1+16(FP), R1
	MOVD	a2+24(FP), R2
	MOVD	a3+32(FP), R3
	CALL_ON(R10)
	MOVD	R0, ret+40(FP)
	JMP	preemptible<>(SB)
	THREAD_STACK_SLOW

// func Call5(fn Func, a0, a1, a2, a3, a4 uintptr) uintptr
TEXT ·Call5(SB), NOSPLIT|NOFRAME, $0-56
	THREAD_STACK
	MOVD	fn+0(FP), R9
	MOVD	a0+8(FP), R0
	MOVD	a1+16(FP), R1
	MOVD	a2+24(FP), R2
	MOVD	a3+32(FP), R3
	MOVD	a4+40(FP), R4
	CALL_ON(R10)
	MOVD	R0, ret+48(FP)
	JMP	preemptible<>(SB)
	THREAD_STACK_SLOW

// func Call6(fn Func, a0, a1, a2, a3, a4, a5 uintptr) uintptr
TEXT ·Call6(SB), NOSPLIT|NOFRAME, $0-64
	THREAD_STACK
	CALL6_ON_THREAD_STACK
	MOVD	R0, ret+56(FP)
	JMP	preemptible<>(SB)
	THREAD_STACK_SLOW

// func CallPair(fn Func, a0, a1, a2, a3, a4, a5 uintptr) (r0, r1 uintptr)
// Call6 that also keeps R1, the second integer return register.
TEXT ·CallPair(SB), NOSPLIT|NOFRAME, $0-72
	THREAD_STACK
	CALL6_ON_THREAD_STACK
	MOVD	R0, r0+56(FP)
	MOVD	R1, r1+64(FP)
	JMP	preemptible<>(SB)
	THREAD_STACK_SLOW

// func stackCall6(s *Stack, fn Func, a0, a1, a2, a3, a4, a5 uintptr) (r0, r1 uintptr)
// The dedicated-stack trampoline behind every (*Stack).Call<N> and
// (*Stack).CallPair (C ignores surplus argument registers), returning both
// integer return registers. It takes the stack's busy flag with an
// exclusive load/store pair; a taken stack jumps to stackBusy, which
// panics in the caller's frame: two goroutines on one stack would corrupt
// each other, so misuse is stopped before the switch. R21 keeps s.
TEXT ·stackCall6(SB), NOSPLIT|NOFRAME, $0-80
	MOVD	s+0(FP), R21
	ADD	$Stack_busy, R21, R12
acquire:
	LDAXRW	(R12), R13
	CBNZW	R13, busy
	MOVW	$1, R13
	STLXRW	R13, (R12), R14
	CBNZW	R14, acquire
	MOVD	Stack_top(R21), R10
	MOVD	fn+8(FP), R9
	MOVD	a0+16(FP), R0
	MOVD	a1+24(FP), R1
	MOVD	a2+32(FP), R2
	MOVD	a3+40(FP), R3
	MOVD	a4+48(FP), R4
	MOVD	a5+56(FP), R5
	CALL_ON(R10)
	ADD	$Stack_busy, R21, R12
	STLRW	ZR, (R12)
	MOVD	R0, r0+64(FP)
	MOVD	R1, r1+72(FP)
	JMP	preemptible<>(SB)
busy:
	CLREX
	JMP	·stackBusy(SB)

// func coroResume(co unsafe.Pointer) int
// Resumes a call with callbacks (callback.go, src/coro.c): switches to the
// coroutine right here, without a call, and comes back when the native
// side calls back (1) or finishes (0). This is the Go side of the switch
// in src/coro_arm64.S (whose ferry__coro_resume_go is the same for C
// callers): it leaves R29, LR and g in the 4 words below SP and their
// address in the coroutine, loads the native side's registers and returns
// from its pending ferry_callback_call; that, or ferry__coro_finish, later
// loads them back, stores the result in ret and jumps to LR, the return
// into the caller: no RET, so no return misprediction. The words below SP
// are free (the stack check leaves far more, and signal handlers run on
// the signal stack); RSP itself only moves to the coroutine's stack, so
// while it is on the goroutine stack the function is frameless with the
// return address in LR. Not NOSPLIT: its stack check is the preemption
// point between callbacks; co points to C memory, so the stack may move
// there. No signal handler walks this frame while RSP is on the coroutine
// stack: the PC is in assembly (no async preemption) and RSP outside the
// goroutine stack (the profiler does not unwind). The CALL after the last
// JMP never runs: it keeps the stack check (see preemptible<>).
TEXT ·coroResume(SB), NOFRAME, $0-16
	MOVD	co+0(FP), R0
	MOVD	RSP, R9
	SUB	$32, R9
	STP	(R29, R30), 0(R9)
	MOVD	g, 16(R9)
	MOVD	R9, FERRY__CB_CALLER_SP(R0)
	MOVD	FERRY__CB_CORO_SP(R0), R9
	LDP	0(R9), (R19, R20)
	LDP	16(R9), (R21, R22)
	LDP	32(R9), (R23, R24)
	LDP	48(R9), (R25, R26)
	LDP	64(R9), (R27, g)
	LDP	80(R9), (R29, R30)
	FLDPD	96(R9), (F8, F9)
	FLDPD	112(R9), (F10, F11)
	FLDPD	128(R9), (F12, F13)
	FLDPD	144(R9), (F14, F15)
	ADD	$160, R9
	MOVD	R9, RSP
	MOVD	FERRY__CB_STATUS(R0), R0	// what ferry_callback_call returns
	JMP	(R30)
	CALL	·coroResume(SB)
