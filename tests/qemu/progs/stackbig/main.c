/* stackbig: its note asks for a main stack of 8 MiB and 4 KiB, one page past the most (apps/build.mk). */
#include <stdio.h>

/* The kernel refuses to start it (stacknote tries): this never runs. */
int main(void)
{
	printf("stackbig: FAIL started with a stack note past the most\n");
	return 1;
}
