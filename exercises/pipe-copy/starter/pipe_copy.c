/*
 * pipe_copy -- parent to child through a pipe (APUE Program 15.5).
 *
 * Usage: pipe_copy < input > output
 *
 * The parent creates a pipe and forks.  The parent copies all of its
 * standard input into the write end, closes it and waits for the child.
 * The child copies everything from the read end to standard output until
 * end of file.  Only the child writes to stdout.
 *
 * Exit 0 when the child exited 0; 1 on any failure (after one perror-style
 * line naming the failing call); 2 on wrong usage.
 *
 * Read README.md first: the pitfalls section will save you a hang.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#define BUFSIZE 65536

/*
 * TODO: write a helper that writes all n bytes of buf to fd.
 * write() may write fewer bytes than asked (a partial write), and may fail
 * with EINTR; loop until everything is written or a real error occurs.
 */

int main(int argc, char *argv[])
{
	(void)argv;
	if (argc != 1) {
		fprintf(stderr, "usage: pipe_copy < input > output\n");
		return 2;
	}

	/*
	 * TODO: decide what should happen to SIGPIPE.  When the child dies,
	 * the parent's write into the pipe has no reader any more.  The parent
	 * must still wait for the child and exit 1 -- not be killed itself.
	 */

	/* TODO: create the pipe with pipe(fd); on failure perror("pipe"), exit 1. */

	/* TODO: fork(); on failure perror("fork"), exit 1. */

	/*
	 * TODO (child):
	 *   - close the end it does not use (which one, and why?);
	 *   - read() from the read end and write everything to STDOUT_FILENO
	 *     until read() returns 0 (end of file);
	 *   - on an error: perror("read") / perror("write"), _exit(1);
	 *   - _exit(0).
	 */

	/*
	 * TODO (parent):
	 *   - close the end it does not use;
	 *   - copy STDIN_FILENO into the write end (handle partial writes);
	 *   - close the write end, so that the child sees end of file;
	 *   - waitpid() for the child (retry on EINTR);
	 *   - exit 0 only if the child exited with status 0, else exit 1.
	 */

	fprintf(stderr, "pipe_copy: not implemented\n");
	return 1;
}
