// runtime_asm.S: the C runtime's assembly (src/call_<arch>.S).
#include "../../src/arch.S"
