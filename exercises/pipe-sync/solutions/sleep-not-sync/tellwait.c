/*
 * tellwait -- parent and child take turns (APUE Program 15.7).
 *
 * Usage: tellwait <n>
 *
 * Line i, for i = 0 .. n-1, is "parent <i>" when i is even and "child <i>"
 * when i is odd, each flushed.  The parent waits for the child and exits 0.
 *
 * BUG: no synchronisation at all.  Instead of TELL/WAIT through pipes, the
 * two processes keep out of each other's way with sleeps: the child starts
 * half a period late and both print one line per period.  It works while
 * both get the CPU when their sleep ends; when they are delayed (a busy
 * CPU, a loaded machine) the lines come out in the wrong order.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#define PERIOD_US 2000		/* one line of each process per period */

static void fail(const char *call)
{
	perror(call);
	exit(1);
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

static void say(const char *who, int i)
{
	printf("%s %d\n", who, i);
	if (fflush(stdout) == EOF)
		fail("fflush");
}

int main(int argc, char *argv[])
{
	int n, status;
	pid_t pid;

	if (argc != 2 || parse_count(argv[1], &n) == -1) {
		fprintf(stderr, "usage: tellwait <n>\n");
		return 2;
	}

	if ((pid = fork()) < 0)
		fail("fork");

	if (pid == 0) {
		usleep(PERIOD_US / 2);		/* let the parent go first */
		for (int i = 1; i < n; i += 2) {
			say("child", i);
			usleep(PERIOD_US);	/* "the parent prints meanwhile" */
		}
		_exit(0);
	}

	for (int i = 0; i < n; i += 2) {
		say("parent", i);
		if (i + 1 < n)
			usleep(PERIOD_US);	/* "the child prints meanwhile" */
	}
	while (waitpid(pid, &status, 0) == -1)
		if (errno != EINTR)
			fail("waitpid");
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return 1;
	return 0;
}
