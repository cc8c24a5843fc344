/*
 * devzero -- parent and child share a counter (APUE Program 15.33).
 *
 * Usage: devzero <n> [--anon]
 *
 * Maps one long of /dev/zero with MAP_SHARED (with --anon: an anonymous
 * MAP_SHARED mapping), forks, and parent and child take turns incrementing
 * the shared counter, n increments in all, the parent first.  The turns are
 * handed over with two pipes (APUE's TELL_WAIT).  Each increment prints
 * "parent <old>" or "child <old>" (flushed); after waiting for the child the
 * parent prints "final <counter>".
 *
 * BUG: the lines are not flushed before the turn is handed over.  Stdout is
 * a pipe, so stdio holds them until exit: the child's lines all come out
 * when it exits, the parent's when it exits, in the wrong order.
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

static int pfd1[2], pfd2[2];	/* parent -> child, child -> parent */

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

static void die(const char *call)
{
	perror(call);
	exit(1);
}

/* Send one byte: "your turn". */
static void tell(int fd, char c)
{
	while (write(fd, &c, 1) != 1) {
		if (errno != EINTR)
			die("write");
	}
}

/*
 * Wait for one byte: the other side's "your turn".  -1 when the other side
 * is gone (end of file) or read fails, after a line on stderr.
 */
static int wait_for(int fd, char expect)
{
	char c;
	ssize_t n;

	do
		n = read(fd, &c, 1);
	while (n == -1 && errno == EINTR);
	if (n == -1) {
		perror("read");
		return -1;
	}
	if (n == 0 || c != expect) {
		fprintf(stderr, "devzero: the other process is gone\n");
		return -1;
	}
	return 0;
}

/* Print "<who> <old>" (flushed), then add 1 to the shared counter. */
static void update(long *counter, const char *who)
{
	printf("%s %ld\n", who, *counter);
	(*counter)++;
}

int main(int argc, char *argv[])
{
	long n, i, *area;
	int anon = 0, status, failed = 0;
	pid_t pid;

	if (argc < 2 || argc > 3 || parse_count(argv[1], &n) == -1)
		usage();
	if (argc == 3) {
		if (strcmp(argv[2], "--anon") != 0)
			usage();
		anon = 1;
	}

	if (anon) {
		area = mmap(NULL, sizeof(long), PROT_READ | PROT_WRITE,
			    MAP_ANONYMOUS | MAP_SHARED, -1, 0);
	} else {
		int fd = open("/dev/zero", O_RDWR);
		if (fd == -1)
			die("open");
		area = mmap(NULL, sizeof(long), PROT_READ | PROT_WRITE,
			    MAP_SHARED, fd, 0);
		close(fd);	/* the mapping stays */
	}
	if (area == MAP_FAILED)
		die("mmap");

	if (pipe(pfd1) == -1 || pipe(pfd2) == -1)
		die("pipe");

	pid = fork();
	if (pid == -1)
		die("fork");
	if (pid == 0) {
		/* Child: increments 1, 3, 5, ... */
		close(pfd1[1]);
		close(pfd2[0]);
		for (i = 1; i < n; i += 2) {
			if (wait_for(pfd1[0], 'p') == -1)
				_exit(1);
			update(area, "child");
			if (i + 1 < n)
				tell(pfd2[1], 'c');
		}
		exit(0);	/* flushes the child's buffered lines now */
	}

	/* Parent: increments 0, 2, 4, ... */
	close(pfd1[0]);
	close(pfd2[1]);
	for (i = 0; i < n; i += 2) {
		if (i > 0 && wait_for(pfd2[0], 'c') == -1) {
			failed = 1;	/* still wait for the child below */
			break;
		}
		update(area, "parent");
		if (i + 1 < n)
			tell(pfd1[1], 'p');
	}
	close(pfd1[1]);

	while (waitpid(pid, &status, 0) == -1) {
		if (errno != EINTR)
			die("waitpid");
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fprintf(stderr, "devzero: the child failed\n");
		return 1;
	}
	if (failed)
		return 1;
	printf("final %ld\n", *area);
	if (fflush(stdout) == EOF)
		die("fflush");
	return 0;
}
