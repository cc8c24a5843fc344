/*
 * add2 -- a coprocess: for each line of stdin that starts with two
 * integers, prints their sum (APUE Program 15.17).
 *
 * Usage: add2
 *
 * Each reply is flushed: stdout is a pipe to the driver, which waits for it.
 *
 * Read README.md first.
 */
#include <stdio.h>
#include <stdlib.h>

#define MAXLINE 4096

int main(int argc, char *argv[])
{
	(void)argv;
	if (argc != 1) {
		fprintf(stderr, "usage: add2\n");
		return 2;
	}

	/*
	 * TODO: for each line read with fgets():
	 *   - sscanf(line, "%d%d", &a, &b) == 2: print a + b and a newline;
	 *   - otherwise print "invalid args" and a newline;
	 *   - fflush(stdout) (or setvbuf(stdout, NULL, _IOLBF, 0) once, at
	 *     the start).
	 * At end of file: exit 0.
	 */

	fprintf(stderr, "add2: not implemented\n");
	return 1;
}
