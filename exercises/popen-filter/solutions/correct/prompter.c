/*
 * prompter -- prompts, and reads each answer through the filter `lower`
 * (APUE Program 15.15).
 *
 * Usage: prompter
 *
 * Runs `lower` with popen("lower", "r"): lower reads our own standard input
 * (popen leaves it alone) and we read lower's output from the pipe.  Loop:
 * print "prompt> " (flushed, no newline), read one line from the pipe,
 * print it.  At end of file print "\n", pclose, exit 0.
 */
#include <stdio.h>
#include <stdlib.h>

#define MAXLINE 4096

int main(int argc, char *argv[])
{
	char line[MAXLINE];
	FILE *fpin;

	(void)argv;
	if (argc != 1) {
		fprintf(stderr, "usage: prompter\n");
		return 2;
	}
	if ((fpin = popen("lower", "r")) == NULL) {
		perror("popen");
		return 1;
	}
	for (;;) {
		fputs("prompt> ", stdout);
		if (fflush(stdout) == EOF) {
			perror("write");
			return 1;
		}
		if (fgets(line, MAXLINE, fpin) == NULL)
			break;
		if (fputs(line, stdout) == EOF) {
			perror("write");
			return 1;
		}
	}
	if (ferror(fpin)) {
		perror("read");
		return 1;
	}
	putchar('\n');
	if (pclose(fpin) == -1) {
		perror("pclose");
		return 1;
	}
	return 0;
}
