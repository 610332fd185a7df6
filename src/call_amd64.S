/* call_amd64.S: ferry__call_frame for x86-64 System V.
 *
 * void ferry__call_frame(uintptr_t fn, ferry__frame *frame)
 * Loads ints[0..5] into the argument registers and ints[6..7] onto the
 * stack, floats[0..7] into xmm0-7, calls fn, and stores rax, xmm0 and rdx
 * into ret, fret and ret2 (rdx: the upper half of a struct of up to 16
 * bytes of integers returned by value). Frame offsets: ints 0, floats 64,
 * ret 128, fret 136, ret2 144. */
	.text
	.globl	ferry__call_frame
	.hidden	ferry__call_frame
	.type	ferry__call_frame, @function
ferry__call_frame:
	.cfi_startproc
	pushq	%rbx			/* rsp is now 16-byte aligned */
	.cfi_def_cfa_offset 16
	.cfi_offset %rbx, -16
	movq	%rsi, %rbx		/* frame, kept across the call */
	movq	%rdi, %r11		/* fn */
	pushq	56(%rbx)		/* ints[7]: the 8th argument */
	pushq	48(%rbx)		/* ints[6]: the 7th, aligned again */
	.cfi_adjust_cfa_offset 16
	movq	0(%rbx), %rdi
	movq	8(%rbx), %rsi
	movq	16(%rbx), %rdx
	movq	24(%rbx), %rcx
	movq	32(%rbx), %r8
	movq	40(%rbx), %r9
	movq	64(%rbx), %xmm0
	movq	72(%rbx), %xmm1
	movq	80(%rbx), %xmm2
	movq	88(%rbx), %xmm3
	movq	96(%rbx), %xmm4
	movq	104(%rbx), %xmm5
	movq	112(%rbx), %xmm6
	movq	120(%rbx), %xmm7
	movl	$8, %eax		/* vector registers used: lets fn be variadic */
	call	*%r11
	addq	$16, %rsp
	.cfi_adjust_cfa_offset -16
	movq	%rax, 128(%rbx)
	movq	%xmm0, 136(%rbx)
	movq	%rdx, 144(%rbx)
	popq	%rbx
	.cfi_def_cfa_offset 8
	ret
	.cfi_endproc
	.size	ferry__call_frame, .-ferry__call_frame
	.section .note.GNU-stack,"",@progbits
