/*
 * fifo_client -- ask the sequence-number server for <count> numbers.
 *
 * Usage: fifo_client <dir> <count>
 *
 * Make <dir>/client.<pid>.fifo, write the request "<pid> <count>\n" into
 * <dir>/server.fifo with a single write, read the reply from your own FIFO,
 * print the number, remove your FIFO, exit 0.  No server FIFO: a
 * perror-style line on stderr, exit 1 (and no FIFO of yours left behind).
 *
 * Read README.md first.
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

int main(int argc, char *argv[])
{
	long count = 0;
	const char *s;

	if (argc != 3 || argv[2][0] == '\0')
		goto usage;
	/* count: a decimal number, 0 or more */
	for (s = argv[2]; *s != '\0'; s++) {
		if (*s < '0' || *s > '9' || count > (INT_MAX - (*s - '0')) / 10)
			goto usage;
		count = count * 10 + (*s - '0');
	}

	/*
	 * TODO: open "<dir>/server.fifo" for writing.  O_WRONLY | O_NONBLOCK
	 * fails at once (ENOENT: no FIFO, ENXIO: nobody reads it) instead of
	 * hanging; then clear O_NONBLOCK.  On failure perror("open"), exit 1.
	 */

	/* TODO: mkfifo("<dir>/client.<getpid()>.fifo", 0600). */

	/*
	 * TODO: write "<pid> <count>\n" with ONE write() (it is shorter than
	 * PIPE_BUF, so it never mixes with another client's request), then
	 * close the server FIFO.
	 */

	/*
	 * TODO: only now open your own FIFO with O_RDONLY: it blocks until the
	 * server opens it for writing.  Read the reply line, close, unlink
	 * your FIFO, print the number on a line of its own, exit 0.
	 * On any failure after mkfifo, unlink your FIFO before exiting 1.
	 */

	(void)count;
	fprintf(stderr, "fifo_client: not implemented\n");
	return 1;

usage:
	fprintf(stderr, "usage: fifo_client <dir> <count>\n");
	return 2;
}
