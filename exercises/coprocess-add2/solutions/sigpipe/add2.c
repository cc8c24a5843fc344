/* add2 -- a coprocess: adds the two integers of each line (APUE Program 15.17/15.18). */
#include <stdio.h>
#include <stdlib.h>

#define MAXLINE 4096

int main(int argc, char *argv[])
{
	char line[MAXLINE];
	int a, b;

	(void)argv;
	if (argc != 1) {
		fprintf(stderr, "usage: add2\n");
		return 2;
	}
	while (fgets(line, sizeof line, stdin) != NULL) {
		if (sscanf(line, "%d%d", &a, &b) == 2)
			printf("%d\n", a + b);
		else
			printf("invalid args\n");
		if (fflush(stdout) == EOF) {
			perror("fflush");
			return 1;
		}
	}
	if (ferror(stdin)) {
		perror("read");
		return 1;
	}
	return 0;
}
