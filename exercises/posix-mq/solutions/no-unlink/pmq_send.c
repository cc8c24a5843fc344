/*
 * pmq_send -- sends one message to a POSIX message queue.
 *
 * Usage: pmq_send <name> <prio> <text>
 *
 * Opens the queue <name>, creating it when missing (mode 0600, at most 10
 * messages of at most 256 bytes), and sends <text> (without a NUL) with
 * priority <prio>.  A full queue blocks the send until there is room.
 */
#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MAXMSG  10
#define MSGSIZE 256
#define PRIO_MAX 32767		/* MQ_PRIO_MAX - 1 on Linux */

static void usage(void)
{
	fprintf(stderr, "usage: pmq_send <name> <prio> <text>\n");
	exit(2);
}

/* A decimal priority from 0 to PRIO_MAX: digits only, no sign, no junk. */
static int parse_prio(const char *s, unsigned *out)
{
	unsigned long v = 0;

	if (*s == '\0')
		return -1;
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		v = v * 10 + (unsigned long)(*s - '0');
		if (v > PRIO_MAX)
			return -1;
	}
	*out = (unsigned)v;
	return 0;
}

int main(int argc, char *argv[])
{
	struct mq_attr attr;
	unsigned prio;
	mqd_t q;

	if (argc != 4 || parse_prio(argv[2], &prio) == -1)
		usage();

	/* glibc checks this too (EINVAL); say it the same way, portably. */
	if (argv[1][0] != '/') {
		errno = EINVAL;
		perror("mq_open");
		return 1;
	}

	memset(&attr, 0, sizeof attr);
	attr.mq_maxmsg = MAXMSG;
	attr.mq_msgsize = MSGSIZE;
	q = mq_open(argv[1], O_WRONLY | O_CREAT, 0600, &attr);
	if (q == (mqd_t)-1) {
		perror("mq_open");
		return 1;
	}

	/* Blocking: a full queue makes us wait here for room. */
	while (mq_send(q, argv[3], strlen(argv[3]), prio) == -1) {
		if (errno != EINTR) {
			perror("mq_send");
			return 1;
		}
	}
	if (mq_close(q) == -1) {
		perror("mq_close");
		return 1;
	}
	return 0;
}
