/*
 * msg_server -- the server side of a System V message queue ping-pong.
 *
 * Usage: msg_server <key> <nclients>
 *
 * Creates the queue (IPC_CREAT | 0600), prints "ready" (never flushed: the bug), then
 * serves <nclients> requests.  A request is a type-1 message
 * "<client-pid> <text>"; the server prints "server: <client-pid> <text>"
 * (flushed) and replies with a message of type <client-pid> holding
 * "I received: <text>".  After the last reply it waits until every reply
 * has been taken (msg_qnum == 0) and only then removes the queue.
 */
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/types.h>
#include <time.h>

#define MTEXT_MAX 65536
#define REPLY_PREFIX "I received: "

struct message {
	long mtype;
	char mtext[MTEXT_MAX];
};

static struct message req, reply;
static int qid = -1;

/*
 * Parse an unsigned 32-bit number: "0x"/"0X" followed by hex digits, or
 * decimal digits ("010" is ten).  No sign, no blanks, no trailing junk.
 */
static int parse_u32(const char *s, uint32_t *out)
{
	uint64_t v = 0;
	unsigned base = 10;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	if (*s == '\0')
		return -1;
	for (; *s != '\0'; s++) {
		unsigned d;
		if (*s >= '0' && *s <= '9')
			d = (unsigned)(*s - '0');
		else if (base == 16 && *s >= 'a' && *s <= 'f')
			d = (unsigned)(*s - 'a' + 10);
		else if (base == 16 && *s >= 'A' && *s <= 'F')
			d = (unsigned)(*s - 'A' + 10);
		else
			return -1;
		v = v * base + d;
		if (v > UINT32_MAX)
			return -1;
	}
	*out = (uint32_t)v;
	return 0;
}

static void usage(void)
{
	fprintf(stderr, "usage: msg_server <key> <nclients>\n");
	exit(2);
}

/* Report the failing call, remove our queue (leave nothing behind), exit 1. */
static void fail(const char *call)
{
	perror(call);
	if (qid != -1)
		msgctl(qid, IPC_RMID, NULL);
	exit(1);
}

/*
 * Split a request "<pid> <text>" (text length from msgrcv; one trailing NUL
 * is dropped).  Returns -1 when the message is not a valid request.
 */
static int parse_request(size_t len, long *pid, const char **text, size_t *textlen)
{
	size_t i = 0;
	long v = 0;

	if (len > 0 && req.mtext[len - 1] == '\0')
		len--;
	while (i < len && req.mtext[i] >= '0' && req.mtext[i] <= '9') {
		if (v > (LONG_MAX - 9) / 10)
			return -1;
		v = v * 10 + (req.mtext[i] - '0');
		i++;
	}
	if (i == 0 || v <= 0)
		return -1;
	if (i < len && req.mtext[i] != ' ')
		return -1;
	if (i < len)
		i++;			/* the space */
	*pid = v;
	*text = req.mtext + i;
	*textlen = len - i;
	return 0;
}

int main(int argc, char *argv[])
{
	uint32_t key, n;
	unsigned served = 0;
	struct timespec ms = { 0, 1000000 };	/* 1 ms */

	if (argc != 3)
		usage();
	if (parse_u32(argv[1], &key) == -1 || key == 0)
		usage();
	if (parse_u32(argv[2], &n) == -1 || n == 0 || n > INT_MAX)
		usage();

	qid = msgget((key_t)key, IPC_CREAT | 0600);
	if (qid == -1)
		fail("msgget");

	printf("ready\n"); /* the bug: no fflush(stdout), and stdout is a pipe, so "ready" stays in the stdio buffer */

	while (served < n) {
		ssize_t len;
		long pid;
		const char *text;
		size_t textlen, rlen;

		len = msgrcv(qid, &req, sizeof req.mtext, 1, MSG_NOERROR);
		if (len == -1) {
			if (errno == EINTR)
				continue;
			fail("msgrcv");
		}
		if (parse_request((size_t)len, &pid, &text, &textlen) == -1) {
			fprintf(stderr, "msg_server: ignoring a malformed request\n");
			continue;
		}

		printf("server: %ld ", pid);
		fwrite(text, 1, textlen, stdout);
		putchar('\n');
		if (fflush(stdout) == EOF)
			fail("fflush");

		/* The reply: type <pid>, "I received: <text>", no NUL. */
		rlen = strlen(REPLY_PREFIX) + textlen;
		if (rlen > sizeof reply.mtext)
			rlen = sizeof reply.mtext;
		reply.mtype = pid;
		memcpy(reply.mtext, REPLY_PREFIX, strlen(REPLY_PREFIX));
		memcpy(reply.mtext + strlen(REPLY_PREFIX), text,
		       rlen - strlen(REPLY_PREFIX));
		while (msgsnd(qid, &reply, rlen, 0) == -1) {
			if (errno != EINTR)
				fail("msgsnd");
		}
		served++;
	}

	/*
	 * Removing the queue now would make a client that has not yet taken
	 * its reply fail with EIDRM (or EINVAL).  Wait until the queue is empty.
	 */
	for (;;) {
		struct msqid_ds ds;
		if (msgctl(qid, IPC_STAT, &ds) == -1)
			fail("msgctl");
		if (ds.msg_qnum == 0)
			break;
		nanosleep(&ms, NULL);
	}
	if (msgctl(qid, IPC_RMID, NULL) == -1) {
		perror("msgctl");
		return 1;
	}
	return 0;
}
