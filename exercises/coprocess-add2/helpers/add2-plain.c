/*
 * add2-plain -- add2 in C, opening nothing: a stand-in whose descriptors are exactly those the
 * driver left it (a Node or shell add2 opens more of its own), so the test can check them.
 * For each line: the sum of its two integers, or `invalid args`; each reply flushed.
 */
#include <stdio.h>

int main(void)
{
	char line[4096];
	int a, b;

	while (fgets(line, sizeof line, stdin) != NULL) {
		if (sscanf(line, "%d%d", &a, &b) == 2)
			printf("%d\n", a + b);
		else
			printf("invalid args\n");
		if (fflush(stdout) == EOF)
			return 1;
	}
	return 0;
}
