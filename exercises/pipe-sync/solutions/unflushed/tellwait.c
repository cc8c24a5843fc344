/*
 * tellwait -- parent and child take turns, synchronised through two pipes
 * (APUE Program 15.7: TELL_WAIT, TELL_PARENT, WAIT_PARENT, TELL_CHILD,
 * WAIT_CHILD implemented with pipes).
 *
 * Usage: tellwait <n>
 *
 * Line i, for i = 0 .. n-1, is "parent <i>" when i is even and "child <i>"
 * when i is odd; the parent prints the even lines, the child the odd ones.
 * The parent waits for the child and exits 0.
 *
 * BUG: the lines are not flushed.  Standard output is a pipe, so stdio
 * buffers it fully: each process's lines stay in its own buffer and reach
 * the shared pipe only when the buffer fills up or the process exits, long
 * after the turn they were printed in.  Parent and child take turns
 * correctly, but the reader of the pipe sees all of the child's lines first.
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

static void fail(const char *call)
{
	perror(call);
	exit(1);
}

static void TELL_WAIT(void)
{
	if (pipe(pfd1) < 0 || pipe(pfd2) < 0)
		fail("pipe");
}

static void tell(int fd, char c, const char *who)
{
	ssize_t w;
	do
		w = write(fd, &c, 1);
	while (w == -1 && errno == EINTR);
	if (w != 1)
		fail(who);
}

static void wait_for(int fd, char want, const char *who)
{
	char c;
	ssize_t r;
	do
		r = read(fd, &c, 1);
	while (r == -1 && errno == EINTR);
	if (r == -1)
		fail(who);
	if (r != 1 || c != want) {
		fprintf(stderr, "%s: unexpected %s\n", who, r == 0 ? "end of file" : "byte");
		exit(1);
	}
}

static void TELL_PARENT(void) { tell(pfd2[1], 'c', "write"); }
static void WAIT_PARENT(void) { wait_for(pfd1[0], 'p', "read"); }
static void TELL_CHILD(void)  { tell(pfd1[1], 'p', "write"); }
static void WAIT_CHILD(void)  { wait_for(pfd2[0], 'c', "read"); }

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
	printf("%s %d\n", who, i);	/* BUG: no fflush(stdout) */
}

int main(int argc, char *argv[])
{
	int n, status;
	pid_t pid;

	if (argc != 2 || parse_count(argv[1], &n) == -1) {
		fprintf(stderr, "usage: tellwait <n>\n");
		return 2;
	}

	TELL_WAIT();
	if ((pid = fork()) < 0)
		fail("fork");

	if (pid == 0) {
		/* child: the odd lines */
		close(pfd1[1]);
		close(pfd2[0]);
		for (int i = 1; i < n; i += 2) {
			WAIT_PARENT();
			say("child", i);
			if (i + 1 < n)
				TELL_PARENT();
		}
		exit(0);	/* flushes the child's buffer, at last */
	}

	/* parent: the even lines */
	close(pfd1[0]);
	close(pfd2[1]);
	for (int i = 0; i < n; i += 2) {
		say("parent", i);
		if (i + 1 < n)
			TELL_CHILD();
		if (i + 2 < n)
			WAIT_CHILD();
	}
	close(pfd1[1]);
	while (waitpid(pid, &status, 0) == -1)
		if (errno != EINTR)
			fail("waitpid");
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return 1;
	return 0;
}
