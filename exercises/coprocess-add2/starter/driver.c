/*
 * driver -- drives the coprocess add2 through two pipes (APUE Program
 * 15.18).
 *
 * Usage: driver
 *
 * Creates two pipes and forks; the child makes one pipe its stdin and the
 * other its stdout (dup2), closes every original pipe descriptor and execs
 * add2 found on PATH (execlp).  The driver sends each line of its stdin to
 * add2, reads add2's one-line reply and prints it (flushed) before reading
 * its next line.  At end of file: close add2's input, wait for add2, exit 0
 * (1 if add2 did not exit 0).
 *
 * Read README.md first.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAXLINE 4096

int main(int argc, char *argv[])
{
	(void)argv;
	if (argc != 1) {
		fprintf(stderr, "usage: driver\n");
		return 2;
	}

	/*
	 * TODO: signal(SIGPIPE, SIG_IGN): if add2 goes away, a write to its
	 * pipe then fails with EPIPE instead of killing the driver.
	 */

	/* TODO: two pipes (pipe), fork. */

	/*
	 * TODO, in the child: dup2 the read end of the first pipe onto stdin
	 * and the write end of the second onto stdout; close all four original
	 * descriptors; execlp("add2", "add2", (char *)NULL).
	 */

	/*
	 * TODO, in the driver: close the two ends the child uses.  For each
	 * line of stdin: write it to add2, read add2's reply line, print it
	 * and fflush(stdout).  A write that fails, or end of file from add2:
	 * one line on stderr starting "driver: ", close the pipes, wait for
	 * add2, exit 1.
	 * At end of file on stdin: close add2's input, waitpid, exit 0 (1 if
	 * add2 did not exit 0).
	 */

	fprintf(stderr, "driver: not implemented\n");
	return 1;
}
