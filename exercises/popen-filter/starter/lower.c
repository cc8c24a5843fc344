/*
 * lower -- a filter: copies stdin to stdout, turning upper-case ASCII
 * letters into lower case (APUE Program 15.14).
 *
 * Usage: lower
 *
 * Flush the output after each newline.
 *
 * Read README.md first.
 */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char *argv[])
{
	(void)argv;
	if (argc != 1) {
		fprintf(stderr, "usage: lower\n");
		return 2;
	}

	/*
	 * TODO: read stdin a character at a time (getchar) until EOF; turn
	 * 'A'..'Z' into 'a'..'z' and leave every other byte alone; write each
	 * character (putchar).  After a newline, fflush(stdout): stdout is a
	 * pipe, and the prompter is waiting for the line.
	 * On a read or write error: perror, exit 1.  At EOF: exit 0.
	 */

	fprintf(stderr, "lower: not implemented\n");
	return 1;
}
