/*
 * lower -- a filter: copies stdin to stdout, turning upper-case ASCII
 * letters into lower case (APUE Program 15.14).
 *
 * Usage: lower
 *
 * Output is flushed after each newline: the program reading our stdout
 * through a pipe is waiting for each line as soon as it is complete.
 */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char *argv[])
{
	int c;

	(void)argv;
	if (argc != 1) {
		fprintf(stderr, "usage: lower\n");
		return 2;
	}
	while ((c = getchar()) != EOF) {
		if (c >= 'A' && c <= 'Z')
			c += 'a' - 'A';
		if (putchar(c) == EOF) {
			perror("write");
			return 1;
		}
		if (c == '\n' && fflush(stdout) == EOF) {
			perror("write");
			return 1;
		}
	}
	if (ferror(stdin)) {
		perror("read");
		return 1;
	}
	if (fflush(stdout) == EOF) {
		perror("write");
		return 1;
	}
	return 0;
}
