/*
 * prompter -- prompts, and reads each answer through the filter `lower`
 * (APUE Program 15.15).
 *
 * Usage: prompter
 *
 * Runs `lower` with popen("lower", "r"): lower reads the prompter's own
 * standard input, and the prompter reads lower's output from the pipe.
 * Loop: print "prompt> " (flushed, no newline), read one line from the
 * pipe, print it.  At end of file print "\n", pclose, exit 0.
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
		fprintf(stderr, "usage: prompter\n");
		return 2;
	}

	/* TODO: popen("lower", "r"); on failure perror("popen"), exit 1. */

	/*
	 * TODO: loop:
	 *   - print "prompt> " and fflush(stdout) (no newline: the user types
	 *     on the same line);
	 *   - fgets() one line from the pipe; NULL means end of file: leave
	 *     the loop;
	 *   - print the line.
	 */

	/* TODO: print "\n", pclose() (perror("pclose") and exit 1 on -1), exit 0. */

	fprintf(stderr, "prompter: not implemented\n");
	return 1;
}
