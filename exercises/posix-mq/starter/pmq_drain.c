/*
 * pmq_drain -- empties a POSIX message queue, printing every message.
 *
 * Usage: pmq_drain <name> [--unlink]
 *
 * Opens the existing queue for reading, non-blocking, and receives until
 * the queue is empty (EAGAIN), printing "<prio> <text>" for each message.
 * With --unlink it then removes the queue's name.
 * Exit 0; 1 after a perror-style line (no queue: "mq_open: No such file or
 * directory"); 2 on wrong usage.
 *
 * Read README.md first.
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
	int unlink_it = 0;

	if (argc < 2 || argc > 3)
		usage();
	if (argc == 3) {
		if (strcmp(argv[2], "--unlink") != 0)
			usage();
		unlink_it = 1;
	}

	/*
	 * TODO: mq_open(argv[1], O_RDONLY | O_NONBLOCK) -- never O_CREAT.
	 * On failure perror("mq_open"), exit 1.
	 */

	/*
	 * TODO: mq_getattr() for mq_msgsize, and malloc a buffer that large
	 * (a smaller buffer makes mq_receive fail with EMSGSIZE).
	 */

	/*
	 * TODO: loop: mq_receive(q, buf, msgsize, &prio).
	 *   -1 and EAGAIN: the queue is empty, stop;  EINTR: try again;
	 *   other errors: perror("mq_receive"), exit 1.
	 * Print "<prio> <text>\n": exactly the bytes received (drop one
	 * trailing NUL if there is one; the text is not NUL-terminated).
	 */

	/* TODO: fflush(stdout); mq_close(); with --unlink, mq_unlink(argv[1]). */

	(void)unlink_it;
	fprintf(stderr, "pmq_drain: not implemented\n");
	return 1;
}
