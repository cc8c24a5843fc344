/*
 * msgq_drain -- print the messages msgrcv() picks for a given msgtyp.
 *
 * Usage: msgq_drain <key> <msgtyp> [--rm]
 *
 * Receives with msgrcv(qid, ..., msgtyp, IPC_NOWAIT) until no message
 * matches (ENOMSG), printing "<type> <text>" for each.  With --rm, then
 * removes the queue.  msgtyp 0: every message in arrival order; > 0: only
 * that type; < 0: the lowest type <= |msgtyp| first.
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

#define MTEXT_MAX 65536

struct message {
	long mtype;
	char mtext[MTEXT_MAX];
};

static struct message msg;

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

/* A decimal long with an optional '-': no '+', no blanks, no junk. */
static int parse_long(const char *s, long *out)
{
	int neg = 0;
	long v = 0;

	if (*s == '-') {
		neg = 1;
		s++;
	}
	if (*s == '\0')
		return -1;
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		if (v > (LONG_MAX - (*s - '0')) / 10)
			return -1;
		v = v * 10 + (*s - '0');
	}
	*out = neg ? -v : v;
	return 0;
}

int main(int argc, char *argv[])
{
	uint32_t key;
	long msgtyp;
	int qid, rm = 0;

	if (argc < 3 || argc > 4 || parse_u32(argv[1], &key) == -1 || key == 0 ||
	    parse_long(argv[2], &msgtyp) == -1 ||
	    (argc == 4 && strcmp(argv[3], "--rm") != 0)) {
		fprintf(stderr, "usage: msgq_drain <key> <msgtyp> [--rm]\n");
		return 2;
	}
	rm = argc == 4;
	/* BUG: a negative msgtyp is taken as its absolute value (type -2 becomes
	 * "exactly type 2" instead of "the lowest type up to 2"). */
	if (msgtyp < 0)
		msgtyp = -msgtyp;

	qid = msgget((key_t)key, 0);
	if (qid == -1) {
		perror("msgget");
		return 1;
	}
	for (;;) {
		ssize_t len = msgrcv(qid, &msg, sizeof msg.mtext, msgtyp, IPC_NOWAIT);
		if (len == -1) {
			if (errno == EINTR)
				continue;
			if (errno == ENOMSG)
				break;	/* nothing (more) matches */
			perror("msgrcv");
			return 1;
		}
		if (len > 0 && msg.mtext[len - 1] == '\0')
			len--;	/* the sender may have sent a NUL */
		printf("%ld ", msg.mtype);
		fwrite(msg.mtext, 1, (size_t)len, stdout);
		putchar('\n');
	}
	if (fflush(stdout) == EOF) {
		perror("fflush");
		return 1;
	}
	if (rm && msgctl(qid, IPC_RMID, NULL) == -1) {
		perror("msgctl");
		return 1;
	}
	return 0;
}
