/*
 * pmq_send -- sends one message to a POSIX message queue.
 *
 * Usage: pmq_send <name> <prio> <text>
 *
 * Opens the queue <name> for writing, creating it when missing (mode 0600,
 * at most 10 messages of at most 256 bytes), and sends <text> (no NUL) with
 * priority <prio>.  A full queue blocks the send until there is room.
 * Exit 0; 1 after a perror-style line (a name without a leading '/':
 * "mq_open: Invalid argument"); 2 on wrong usage.
 *
 * Read README.md first.
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
	unsigned prio;

	if (argc != 4 || parse_prio(argv[2], &prio) == -1)
		usage();

	/*
	 * TODO: open the queue for writing, creating it when missing:
	 *     struct mq_attr attr = { .mq_maxmsg = MAXMSG, .mq_msgsize = MSGSIZE };
	 *     mq_open(argv[1], O_WRONLY | O_CREAT, 0600, &attr)
	 * Blocking: no O_NONBLOCK.  On failure ((mqd_t)-1) perror("mq_open"),
	 * exit 1.
	 */

	/*
	 * TODO: mq_send() the text (strlen bytes, no NUL) with priority prio;
	 * retry on EINTR; on failure perror("mq_send"), exit 1.  mq_close(),
	 * exit 0.
	 */

	(void)prio;
	fprintf(stderr, "pmq_send: not implemented\n");
	return 1;
}
