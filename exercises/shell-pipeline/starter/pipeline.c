/*
 * pipeline -- runs `cmd1 | cmd2` as a shell does.
 *
 * Usage: pipeline <cmd1> <cmd2>
 *
 * One pipe, a child per command: cmd1's stdout is the pipe's write end,
 * cmd2's stdin its read end (dup2); every original pipe descriptor is
 * closed before execlp.  The parent closes both ends, waits for both
 * children, and exits with cmd2's status (its exit code, or 128 + n when
 * signal n killed it).
 *
 * Read README.md first.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char *argv[])
{
	if (argc != 3) {
		fprintf(stderr, "usage: pipeline <cmd1> <cmd2>\n");
		return 2;
	}

	/* TODO: pipe(); on failure perror("pipe"), exit 1. */

	/*
	 * TODO: fork the first child: dup2 the write end onto stdout, close
	 * both pipe descriptors, execlp(argv[1], argv[1], (char *)NULL).  If
	 * exec returns: one line on stderr naming the command, _exit(127).
	 */

	/* TODO: fork the second child the same way, with the read end onto stdin. */

	/*
	 * TODO: in the parent: close both ends, waitpid for both children, and
	 * exit with cmd2's status: WEXITSTATUS, or 128 + WTERMSIG.
	 */

	(void)argv;
	fprintf(stderr, "pipeline: not implemented\n");
	return 1;
}
