/* call_arm64.S: ferry__call_frame for AArch64 (AAPCS64).
 *
 * void ferry__call_frame(uintptr_t fn, ferry__frame *frame)
 * Loads ints[0..7] into x0-x7 and floats[0..7] into d0-d7, calls fn, and
 * stores x0, d0 and x1 into ret, fret and ret2 (x1: the upper half of a
 * struct of up to 16 bytes of integers returned by value). Frame offsets:
 * ints 0, floats 64, ret 128, fret 136, ret2 144. */
	.text
	.globl	ferry__call_frame
	.hidden	ferry__call_frame
	.type	ferry__call_frame, %function
ferry__call_frame:
	.cfi_startproc
	stp	x29, x30, [sp, #-32]!
	.cfi_def_cfa_offset 32
	.cfi_offset x29, -32
	.cfi_offset x30, -24
	mov	x29, sp
	str	x19, [sp, #16]
	.cfi_offset x19, -16
	mov	x19, x1			/* frame, kept across the call */
	mov	x9, x0			/* fn */
	ldp	x0, x1, [x19, #0]
	ldp	x2, x3, [x19, #16]
	ldp	x4, x5, [x19, #32]
	ldp	x6, x7, [x19, #48]
	ldp	d0, d1, [x19, #64]
	ldp	d2, d3, [x19, #80]
	ldp	d4, d5, [x19, #96]
	ldp	d6, d7, [x19, #112]
	blr	x9
	str	x0, [x19, #128]
	str	d0, [x19, #136]
	str	x1, [x19, #144]
	ldr	x19, [sp, #16]
	ldp	x29, x30, [sp], #32
	ret
	.cfi_endproc
	.size	ferry__call_frame, .-ferry__call_frame
	.section .note.GNU-stack,"",@progbits
