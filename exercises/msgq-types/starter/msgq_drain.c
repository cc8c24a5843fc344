/*
 * msgq_drain -- print the messages msgrcv() picks for a given msgtyp.
 *
 * Usage: msgq_drain <key> <msgtyp> [--rm]
 *
 * Receive with msgrcv(qid, &msg, size, msgtyp, IPC_NOWAIT) until no message
 * matches, printing "<type> <text>" for each.  With --rm, then remove the
 * queue.
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
	int rm;

	if (argc < 3 || argc > 4 || parse_u32(argv[1], &key) == -1 || key == 0 ||
	    parse_long(argv[2], &msgtyp) == -1 ||
	    (argc == 4 && strcmp(argv[3], "--rm") != 0)) {
		fprintf(stderr, "usage: msgq_drain <key> <msgtyp> [--rm]\n");
		return 2;
	}
	rm = argc == 4;

	/* TODO: msgget((key_t)key, 0) -- no IPC_CREAT; on failure perror("msgget"), exit 1. */

	/*
	 * TODO: loop: msgrcv(qid, &msg, sizeof msg.mtext, msgtyp, IPC_NOWAIT).
	 *   - it fails with ENOMSG when no message matches any more: stop;
	 *   - EINTR: try again; any other error: perror("msgrcv"), exit 1;
	 *   - otherwise print "<mtype> <text>\n".  The return value is the
	 *     text's length (drop a trailing NUL if the sender put one); the
	 *     text is not NUL-terminated.
	 */

	/* TODO: with --rm: msgctl(qid, IPC_RMID, NULL) (perror("msgctl") on failure). */

	(void)key;
	(void)msgtyp;
	(void)rm;
	fprintf(stderr, "msgq_drain: not implemented\n");
	return 1;
}
