/* args: prints its words, each in brackets, to show how the command line was taken apart. */
#include <stdio.h>

int main(int argc, char **argv)
{
	printf("args: %d words:", argc - 1);
	for (int i = 1; i < argc; i++)
		printf(" [%s]", argv[i]);
	printf("\nargs: done\n");
	return 0;
}
