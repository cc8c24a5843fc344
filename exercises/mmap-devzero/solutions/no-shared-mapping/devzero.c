/*
 * devzero -- a faked mechanism: no shared mapping at all.
 *
 * Usage: devzero <n> [--anon]
 *
 * Prints what the real program prints, but parent and child each keep the
 * counter in their own memory and pass its value with each turn through the
 * TELL_WAIT pipes (eight bytes instead of one).  --anon is accepted and
 * changes nothing.  The output is right; the shared mapping the exercise is
 * about is missing.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static int pfd1[2], pfd2[2];	/* parent -> child, child -> parent */

static void usage(void)
{
	fprintf(stderr, "usage: devzero <n> [--anon]\n");
	exit(2);
}

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

/* The turn carries the counter's value. */
static void tell(int fd, long value)
{
	while (write(fd, &value, sizeof value) != (ssize_t)sizeof value) {
		if (errno != EINTR)
			die("write");
	}
}

/* -1 when the other side is gone. */
static int wait_for(int fd, long *value)
{
	ssize_t n;

	do
		n = read(fd, value, sizeof *value);
	while (n == -1 && errno == EINTR);
	if (n != (ssize_t)sizeof *value) {
		fprintf(stderr, "devzero: the other process is gone\n");
		return -1;
	}
	return 0;
}

static void update(long *counter, const char *who)
{
	printf("%s %ld\n", who, *counter);
	if (fflush(stdout) == EOF)
		die("fflush");
	(*counter)++;
}

int main(int argc, char *argv[])
{
	long n, i, counter = 0;
	int status, failed = 0;
	pid_t pid;

	if (argc < 2 || argc > 3 || parse_count(argv[1], &n) == -1)
		usage();
	if (argc == 3 && strcmp(argv[2], "--anon") != 0)
		usage();

	if (pipe(pfd1) == -1 || pipe(pfd2) == -1)
		die("pipe");

	pid = fork();
	if (pid == -1)
		die("fork");
	if (pid == 0) {
		/* Child: increments 1, 3, 5, ...; its last value goes back too. */
		close(pfd1[1]);
		close(pfd2[0]);
		for (i = 1; i < n; i += 2) {
			if (wait_for(pfd1[0], &counter) == -1)
				_exit(1);
			update(&counter, "child");
			tell(pfd2[1], counter);
		}
		_exit(0);
	}

	/* Parent: increments 0, 2, 4, ... */
	close(pfd1[0]);
	close(pfd2[1]);
	for (i = 0; i < n; i += 2) {
		if (i > 0 && wait_for(pfd2[0], &counter) == -1) {
			failed = 1;
			break;
		}
		update(&counter, "parent");
		if (i + 1 < n)
			tell(pfd1[1], counter);
	}
	/* n even: the child made the last increment and sent its value. */
	if (!failed && n > 0 && n % 2 == 0 && wait_for(pfd2[0], &counter) == -1)
		failed = 1;
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
	printf("final %ld\n", counter);
	if (fflush(stdout) == EOF)
		die("fflush");
	return 0;
}
