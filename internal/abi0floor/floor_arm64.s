#include "textflag.h"

// func Call2(fn ferry.Func, a0, a1 uintptr) uintptr
TEXT ·Call2(SB), NOSPLIT|NOFRAME, $0-32
	MOVD	R30, R20	// LR: BL below overwrites it; R20 is callee-saved in C
	MOVD	fn+0(FP), R9
	MOVD	a0+8(FP), R0
	MOVD	a1+16(FP), R1
	CALL	(R9)
	MOVD	R20, R30
	MOVD	R0, ret+24(FP)
	RET
