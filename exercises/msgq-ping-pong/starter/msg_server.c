/*
 * msg_server -- the server side of a System V message queue ping-pong.
 *
 * Usage: msg_server <key> <nclients>
 *
 * Creates the queue (IPC_CREAT | 0600), prints "ready" (flushed), then
 * serves <nclients> requests.  A request is a type-1 message
 * "<client-pid> <text>"; for each one print "server: <client-pid> <text>"
 * (flushed) and reply with a message of type <client-pid> holding
 * "I received: <text>".  After the last reply, remove the queue -- but only
 * once every reply has been taken (msg_qnum is 0).  Exit 0.
 *
 * Read README.md first.
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

/* A message as msgsnd()/msgrcv() see it: the type, then the text. */
struct message {
	long mtype;
	char mtext[MTEXT_MAX];
};

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

int main(int argc, char *argv[])
{
	uint32_t key, n;

	if (argc != 3)
		usage();
	if (parse_u32(argv[1], &key) == -1 || key == 0)
		usage();
	if (parse_u32(argv[2], &n) == -1 || n == 0 || n > INT_MAX)
		usage();

	/*
	 * TODO: create the queue: msgget((key_t)key, IPC_CREAT | 0600).
	 * On failure perror("msgget") and exit 1.
	 */

	/* TODO: print "ready" and flush stdout (it is a pipe, not a terminal). */

	/*
	 * TODO: n times:
	 *   - msgrcv() a message of type 1 (retry on EINTR).  Its length is
	 *     msgrcv()'s return value: the text has no NUL, or has one at the
	 *     end -- accept both;
	 *   - split it into "<client-pid> <text>";
	 *   - print "server: <client-pid> <text>" and flush;
	 *   - msgsnd() the reply: type <client-pid>, text "I received: <text>".
	 */

	/*
	 * TODO: wait until every reply has been taken: poll
	 * msgctl(qid, IPC_STAT, &ds) until ds.msg_qnum == 0, sleeping about
	 * 1 ms between polls (nanosleep).  Then msgctl(qid, IPC_RMID, NULL).
	 *
	 * On any runtime failure: perror("<the call>"), remove the queue if you
	 * created it, exit 1.
	 */

	(void)key;
	(void)n;
	fprintf(stderr, "msg_server: not implemented\n");
	return 1;
}
