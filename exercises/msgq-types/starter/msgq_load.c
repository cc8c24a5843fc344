/*
 * msgq_load -- load a System V message queue from standard input.
 *
 * Usage: msgq_load <key> < lines
 *
 * Every stdin line is "<type> <text>": a positive decimal type, ONE space,
 * then the text -- the rest of the line, possibly empty.  Check every line
 * first: on the first malformed one print "bad line <n>" (lines count from
 * 1) on stderr and exit 1, having sent nothing.  Then create the queue if
 * needed and send one message per line, in order.
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

int main(int argc, char *argv[])
{
	uint32_t key;

	if (argc != 2 || parse_u32(argv[1], &key) == -1 || key == 0) {
		fprintf(stderr, "usage: msgq_load <key>\n");
		return 2;
	}

	/*
	 * TODO: read ALL of stdin into memory (fread/getline in a loop).
	 * Nothing may be sent before every line has been checked.
	 */

	/*
	 * TODO: split it into lines and check each one: one or more digits
	 * (a type > 0), then exactly one space, then the text (the rest of the
	 * line, possibly empty).  On the first malformed line:
	 *     fprintf(stderr, "bad line %zu\n", n);   exit 1
	 * Careful: sscanf("%ld %s") skips blanks and stops at the first space
	 * of the text -- parse by hand.
	 */

	/* TODO: msgget((key_t)key, IPC_CREAT | 0600); on failure perror("msgget"), exit 1. */

	/*
	 * TODO: send one message per line, in order: mtype = the type, and as
	 * length the number of bytes of the text only (0 is fine).  Retry
	 * msgsnd() after EINTR; on failure perror("msgsnd"), exit 1.
	 */

	(void)key;
	fprintf(stderr, "msgq_load: not implemented\n");
	return 1;
}
