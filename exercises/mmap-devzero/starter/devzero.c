/*
 * devzero -- parent and child share a counter (APUE Program 15.33).
 *
 * Usage: devzero <n> [--anon]
 *
 * Map one long of /dev/zero with MAP_SHARED (with --anon: an anonymous
 * MAP_ANONYMOUS | MAP_SHARED mapping), fork, and let parent and child take
 * turns incrementing the shared counter, n increments in all, the parent
 * first.  Hand the turns over with two pipes (APUE's TELL_WAIT).
 *
 * Each increment prints "parent <old>" or "child <old>" -- the value before
 * the increment -- and flushes it.  After waiting for the child the parent
 * prints "final <counter>" (that is, n).  Exit 0.
 *
 * Read README.md first.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static void usage(void)
{
	fprintf(stderr, "usage: devzero <n> [--anon]\n");
	exit(2);
}

/* A decimal count from 0 to INT_MAX: digits only, no sign, no junk. */
static int parse_count(const char *s, long *out)
{
	long v = 0;

	if (*s == '\0')
		return -1;
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		v = v * 10 + (*s - '0');
		if (v > INT_MAX)
			return -1;
	}
	*out = v;
	return 0;
}

/*
 * TODO: TELL_WAIT with two pipes (APUE section 15.2):
 *   pfd1: parent -> child ("your turn, child"),
 *   pfd2: child -> parent ("your turn, parent").
 * Telling is writing one byte; waiting is reading one byte (retry on EINTR;
 * end of file means the other process is gone).
 */

int main(int argc, char *argv[])
{
	long n;
	int anon = 0;

	if (argc < 2 || argc > 3 || parse_count(argv[1], &n) == -1)
		usage();
	if (argc == 3) {
		if (strcmp(argv[2], "--anon") != 0)
			usage();
		anon = 1;
	}

	/*
	 * TODO: the shared counter, one long:
	 *   - without --anon: open("/dev/zero", O_RDWR), mmap it with
	 *     PROT_READ | PROT_WRITE and MAP_SHARED, close the descriptor;
	 *   - with --anon: mmap with MAP_ANONYMOUS | MAP_SHARED and fd -1.
	 * mmap fails with MAP_FAILED, not NULL: perror("mmap"), exit 1.
	 * Why MAP_SHARED and not MAP_PRIVATE?  See README.md.
	 */

	/* TODO: create the two pipes, then fork(). */

	/*
	 * TODO (child): increments 1, 3, 5, ... (while < n): wait for the
	 * parent's turn byte, print "child <old>" and fflush(stdout), add 1,
	 * hand the turn back (unless that was the last increment).  _exit(0).
	 */

	/*
	 * TODO (parent): increments 0, 2, 4, ... (while < n): after the first,
	 * wait for the child's turn byte; print "parent <old>", fflush, add 1,
	 * hand the turn to the child (unless that was the last increment).
	 * Then waitpid() for the child, print "final <counter>", exit 0.
	 */

	(void)n;
	(void)anon;
	fprintf(stderr, "devzero: not implemented\n");
	return 1;
}
