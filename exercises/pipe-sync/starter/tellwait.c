/*
 * tellwait -- parent and child take turns, synchronised through two pipes
 * (APUE Program 15.7).
 *
 * Usage: tellwait <n>
 *
 * For i = 0 .. n-1, line i is "parent <i>" when i is even (printed by the
 * parent) and "child <i>" when i is odd (printed by the child), each
 * flushed.  The two processes synchronise only through two pipes.  The
 * parent waits for the child and exits 0.
 *
 * Read README.md first.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static int pfd1[2];	/* parent -> child */
static int pfd2[2];	/* child -> parent */

/* TODO: create both pipes; on failure perror("pipe"), exit 1. */
static void TELL_WAIT(void)
{
}

/* TODO: write one byte into pfd2 (child -> parent). */
static void TELL_PARENT(void)
{
}

/* TODO: read one byte from pfd1 and check it; 0 (end of file) is an error. */
static void WAIT_PARENT(void)
{
}

/* TODO: write one byte into pfd1 (parent -> child). */
static void TELL_CHILD(void)
{
}

/* TODO: read one byte from pfd2 and check it. */
static void WAIT_CHILD(void)
{
}

/* Parses a non-negative decimal int: digits only, no sign, no junk. */
static int parse_count(const char *s, int *out)
{
	long v = 0;
	if (*s == '\0')
		return -1;
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		v = v * 10 + (*s - '0');
		if (v > 1000000000L)
			return -1;
	}
	*out = (int)v;
	return 0;
}

int main(int argc, char *argv[])
{
	int n;

	if (argc != 2 || parse_count(argv[1], &n) == -1) {
		fprintf(stderr, "usage: tellwait <n>\n");
		return 2;
	}

	TELL_WAIT();

	/* TODO: fork(); on failure perror("fork"), exit 1. */

	/*
	 * TODO (child): close the pipe ends it does not use, then for
	 * i = 1, 3, 5, ... < n:
	 *   WAIT_PARENT(); print "child <i>" and fflush(stdout);
	 *   TELL_PARENT() -- but only if the parent has a line left to print
	 *   (i + 1 < n), or it would wait for a byte that never comes.
	 * Then _exit(0).
	 */

	/*
	 * TODO (parent): close the ends it does not use, then for
	 * i = 0, 2, 4, ... < n:
	 *   print "parent <i>" and fflush(stdout);
	 *   TELL_CHILD() if the child has a line to print next (i + 1 < n);
	 *   WAIT_CHILD() if the parent prints again after that (i + 2 < n).
	 * Then waitpid() for the child and exit 0.
	 */

	/* (these keep the unfinished starter free of warnings: remove them) */
	(void)pfd1; (void)pfd2;
	(void)TELL_PARENT; (void)WAIT_PARENT; (void)TELL_CHILD; (void)WAIT_CHILD;
	fprintf(stderr, "tellwait: not implemented\n");
	return 1;
}
