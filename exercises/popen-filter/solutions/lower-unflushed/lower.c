/*
 * lower -- a filter: copies stdin to stdout, turning upper-case ASCII
 * letters into lower case (APUE Program 15.14).
 *
 * Usage: lower
 *
 * BUG: the output is never flushed.  Stdout is a pipe, so stdio buffers it
 * fully: a lowered line stays in the buffer until 4096 bytes have piled up
 * or the input ends, while the prompter waits for it in read() and the
 * user (the test) waits for the next prompt before typing more.  Deadlock.
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
		/* BUG: no fflush(stdout) after a newline */
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
