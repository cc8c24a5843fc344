/*
 * msg_client -- the client side of a System V message queue ping-pong.
 *
 * Usage: msg_client <key> <text>
 *
 * Opens the existing queue (without IPC_CREAT), sends the type-1 request
 * "<pid> <text>", waits for the message whose type is its own pid, prints
 * that message's text on a line of its own, exits 0.  No queue:
 * "msgget: No such file or directory" on stderr, exit 1.
 *
 * Read README.md first.
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

	if (argc != 3 || parse_u32(argv[1], &key) == -1 || key == 0) {
		fprintf(stderr, "usage: msg_client <key> <text>\n");
		return 2;
	}

	/*
	 * TODO: open the queue: msgget((key_t)key, 0) -- no IPC_CREAT, the
	 * server creates it.  On failure perror("msgget") and exit 1.
	 */

	/*
	 * TODO: send the request: type 1, text "<pid> <text>" (getpid()).
	 * The length you give msgsnd() is the length of the text only, not
	 * counting the mtype field; no NUL is needed.
	 */

	/*
	 * TODO: msgrcv() the message whose type is your pid (retry on EINTR).
	 * Use its return value as the length (drop a trailing NUL if there is
	 * one), print the text and a newline, exit 0.
	 */

	(void)key;
	fprintf(stderr, "msg_client: not implemented\n");
	return 1;
}
