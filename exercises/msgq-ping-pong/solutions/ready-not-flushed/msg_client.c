/*
 * msg_client -- the client side of a System V message queue ping-pong.
 *
 * Usage: msg_client <key> <text>
 *
 * Opens the existing queue (no IPC_CREAT), sends the type-1 request
 * "<pid> <text>", waits for the message of type <pid>, prints its text.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/types.h>
#include <unistd.h>

#define MTEXT_MAX 65536

struct message {
	long mtype;
	char mtext[MTEXT_MAX];
};

static struct message req, reply;

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

int main(int argc, char *argv[])
{
	uint32_t key;
	int qid, hdr;
	size_t textlen;
	ssize_t len;
	long me;

	if (argc != 3 || parse_u32(argv[1], &key) == -1 || key == 0) {
		fprintf(stderr, "usage: msg_client <key> <text>\n");
		return 2;
	}

	qid = msgget((key_t)key, 0);	/* no IPC_CREAT: the server makes it */
	if (qid == -1) {
		perror("msgget");
		return 1;
	}

	/* The request: type 1, "<pid> <text>", no NUL. */
	me = (long)getpid();
	hdr = snprintf(req.mtext, sizeof req.mtext, "%ld ", me);
	textlen = strlen(argv[2]);
	if ((size_t)hdr + textlen > sizeof req.mtext) {
		errno = E2BIG;
		perror("msgsnd");
		return 1;
	}
	memcpy(req.mtext + hdr, argv[2], textlen);
	req.mtype = 1;
	while (msgsnd(qid, &req, (size_t)hdr + textlen, 0) == -1) {
		if (errno != EINTR) {
			perror("msgsnd");
			return 1;
		}
	}

	/* Our reply is the message whose type is our pid. */
	do
		len = msgrcv(qid, &reply, sizeof reply.mtext, me, 0);
	while (len == -1 && errno == EINTR);
	if (len == -1) {
		perror("msgrcv");
		return 1;
	}
	if (len > 0 && reply.mtext[len - 1] == '\0')
		len--;			/* the sender may have sent a NUL */
	fwrite(reply.mtext, 1, (size_t)len, stdout);
	putchar('\n');
	if (fflush(stdout) == EOF) {
		perror("fflush");
		return 1;
	}
	return 0;
}
