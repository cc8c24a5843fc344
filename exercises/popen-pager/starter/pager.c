/*
 * pager -- copy a file to $PAGER through popen (APUE Program 15.11).
 *
 * Usage: pager <pathname>
 *
 * Copies the file, byte for byte (NUL included), to the shell command line
 * in $PAGER (default "more" when PAGER is unset or empty) through
 * popen(cmd, "w"), then pcloses it.  Exit 0 when the pager's status was 0,
 * even if it quit before reading everything; otherwise
 * "pager exited with status <n>" on stderr (n: the exit status, or 128 + the
 * signal number) and exit 1.  A file that cannot be opened:
 * "can't open <pathname>: <strerror>" on stderr, exit 1.
 *
 * Read README.md first: the pitfalls section matters here.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#define BUFSIZE 65536

int main(int argc, char *argv[])
{
	(void)argv;
	if (argc != 2) {
		fprintf(stderr, "usage: pager <pathname>\n");
		return 2;
	}

	/*
	 * TODO: open the file (fopen(argv[1], "r")); on failure print
	 * "can't open <pathname>: <strerror(errno)>" on stderr and exit 1.
	 */

	/* TODO: the command: getenv("PAGER"), or "more" when it is unset or empty. */

	/*
	 * TODO: decide what should happen to SIGPIPE.  A pager may quit before
	 * it has read everything: your next write into the pipe has no reader.
	 */

	/* TODO: popen(cmd, "w"); on failure perror("popen"), exit 1. */

	/*
	 * TODO: copy the file into the pipe.  The file may hold any bytes, NUL
	 * included: fgets/fputs will not do.  Stop at the first write that
	 * fails; EPIPE means the pager has gone, and is not an error by itself.
	 */

	/*
	 * TODO: pclose(); on -1 perror("pclose"), exit 1.  Decode the status
	 * with WIFEXITED/WEXITSTATUS/WIFSIGNALED/WTERMSIG: exit 0 when the pager
	 * exited 0, otherwise print "pager exited with status <n>" and exit 1.
	 */

	fprintf(stderr, "pager: not implemented\n");
	return 1;
}
