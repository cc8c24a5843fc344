/*
 * fifo_client -- ask the sequence-number server for <count> numbers.
 *
 * Usage: fifo_client <dir> <count>
 *
 * Makes <dir>/client.<pid>.fifo, writes the request "<pid> <count>" into
 * <dir>/server.fifo with a single write, reads the reply from its own FIFO,
 * prints the number, removes its FIFO, exits 0.  No server FIFO: a
 * perror-style line, exit 1.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

static char my_path[PATH_MAX];
static int made;			/* our FIFO exists: remove it on failure */

static void fail(const char *call)
{
	perror(call);
	if (made)
		unlink(my_path);
	exit(1);
}

int main(int argc, char *argv[])
{
	char server_path[PATH_MAX], req[64], reply[32];
	size_t got = 0;
	long count = 0;
	int sfd, fd, len;
	const char *s;

	if (argc != 3)
		goto usage;
	/* count: a decimal number, 0 or more */
	for (s = argv[2]; *s != '\0'; s++) {
		if (*s < '0' || *s > '9' || count > (INT_MAX - (*s - '0')) / 10)
			goto usage;
		count = count * 10 + (*s - '0');
	}
	if (argv[2][0] == '\0')
		goto usage;

	if (snprintf(server_path, sizeof server_path, "%s/server.fifo", argv[1]) >=
	    (int)sizeof server_path ||
	    snprintf(my_path, sizeof my_path, "%s/client.%ld.fifo", argv[1], (long)getpid()) >=
	    (int)sizeof my_path) {
		errno = ENAMETOOLONG;
		fail("open");
	}

	signal(SIGPIPE, SIG_IGN);

	/*
	 * The server's FIFO first: no server, no FIFO of ours to clean up.
	 * O_NONBLOCK: a FIFO nobody reads (a dead server) is ENXIO, not a hang.
	 */
	sfd = open(server_path, O_WRONLY | O_NONBLOCK);
	if (sfd == -1)
		fail("open");
	if (mkfifo(my_path, 0600) == -1)
		fail("mkfifo");
	made = 1;

	/* The request, in one write (shorter than PIPE_BUF, so never mixed with another). */
	len = snprintf(req, sizeof req, "%ld %ld\n", (long)getpid(), count);
	if (fcntl(sfd, F_SETFL, O_WRONLY) == -1)	/* wait if the FIFO is full */
		fail("fcntl");
	while (write(sfd, req, (size_t)len) != len) {
		if (errno != EINTR)
			fail("write");
	}
	close(sfd);

	/* Blocks until the server opens our FIFO for writing. */
	while ((fd = open(my_path, O_RDONLY)) == -1) {
		if (errno != EINTR)
			fail("open");
	}
	for (;;) {
		ssize_t n = read(fd, reply + got, sizeof reply - 1 - got);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			fail("read");
		}
		got += (size_t)n;
		if (n == 0 || memchr(reply, '\n', got) != NULL || got == sizeof reply - 1)
			break;
	}
	close(fd);
	unlink(my_path);
	reply[got] = '\0';
	if (got == 0 || reply[got - 1] != '\n') {
		fprintf(stderr, "fifo_client: no reply from the server\n");
		return 1;
	}
	fputs(reply, stdout);
	if (fflush(stdout) == EOF) {
		perror("fflush");
		return 1;
	}
	return 0;

usage:
	fprintf(stderr, "usage: fifo_client <dir> <count>\n");
	return 2;
}
