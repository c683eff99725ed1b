/* malloconly: a program whose only library calls are malloc, free and printf links and runs. */

/*
 * Before lib/malloc.c, picolibc's malloc came with its own sbrk, which
 * needs a __heap_start the runtime's linker script does not give: such a
 * program did not link. Now libpier's malloc wins at link.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void)
{
	char *p = malloc(100);

	if (!p)
		return 1;
	strcpy(p, "malloconly: done");
	printf("%s\n", p);
	free(p);
	return 0;
}
