/*
 * fifo_tee -- a faked stream: the FIFO gets the input only at its end.
 *
 * Usage: fifo_tee <fifo>
 *
 * Copies standard input to standard output as it comes, but keeps all of it
 * in memory and opens the FIFO only at end of input, then writes everything
 * into it.  Every output is right in the end; meanwhile the FIFO's reader
 * gets nothing, and nobody holds the FIFO open for writing.  The checks, the
 * EPIPE warning and the exit status are those of the real program.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#define BUFSIZE 65536

/* Writes all n bytes; returns 0, or -1 with errno set (EINTR is retried). */
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
	static char buf[BUFSIZE];
	const char *path;
	struct stat st;
	int fifo;
	char *all = NULL;
	size_t len = 0, cap = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: fifo_tee <fifo>\n");
		return 2;
	}
	path = argv[1];

	/* A write to a FIFO nobody reads must fail with EPIPE, not kill us. */
	if (signal(SIGPIPE, SIG_IGN) == SIG_ERR) {
		perror("signal");
		return 1;
	}

	if (stat(path, &st) == -1) {
		perror("stat");
		return 1;
	}
	if (!S_ISFIFO(st.st_mode)) {
		fprintf(stderr, "%s: not a FIFO\n", path);
		return 1;
	}
	for (;;) {
		ssize_t n = read(STDIN_FILENO, buf, sizeof buf);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			perror("read");
			return 1;
		}
		if (n == 0)
			break;
		if (write_all(STDOUT_FILENO, buf, (size_t)n) == -1) {
			perror("write");
			return 1;
		}
		if (len + (size_t)n > cap) {
			cap = 2 * (len + (size_t)n);
			all = realloc(all, cap);
			if (all == NULL) {
				perror("realloc");
				return 1;
			}
		}
		memcpy(all + len, buf, (size_t)n);
		len += (size_t)n;
	}

	/* Blocks until a reader has the FIFO open. */
	while ((fifo = open(path, O_WRONLY)) == -1) {
		if (errno != EINTR) {
			perror("open");
			return 1;
		}
	}
	if (len > 0 && write_all(fifo, all, len) == -1) {
		if (errno != EPIPE) {
			perror("write");
			return 1;
		}
		fprintf(stderr, "fifo_tee: reader closed %s\n", path);
		close(fifo);
		fifo = -1;
	}
	if (fifo != -1 && close(fifo) == -1) {
		perror("close");
		return 1;
	}
	return 0;
}
