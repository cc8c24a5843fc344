/*
 * msgq_load -- load a System V message queue from standard input.
 *
 * Usage: msgq_load <key>
 *
 * Every stdin line is "<type> <text>": a positive decimal type, one space,
 * then the text (the rest of the line, possibly empty).  All lines are
 * checked first: on the first malformed one, "bad line <n>" on stderr and
 * exit 1, having sent nothing.  Then the queue is created if needed
 * (IPC_CREAT | 0600) and one message is sent per line, in order.
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

struct line {
	long type;
	const char *text;
	size_t len;
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

/* "<type> <text>" (no newline): 0 and the parts, or -1 when malformed. */
static int parse_line(const char *s, size_t len, struct line *out)
{
	size_t i = 0;
	long type = 0;

	while (i < len && s[i] >= '0' && s[i] <= '9') {
		if (type > (LONG_MAX - 9) / 10)
			return -1;
		type = type * 10 + (s[i] - '0');
		i++;
	}
	if (i == 0 || type <= 0 || i >= len || s[i] != ' ')
		return -1;
	i++;			/* the one space; the rest is the text */
	if (len - i > MTEXT_MAX)
		return -1;
	out->type = type;
	out->text = s + i;
	out->len = len - i;
	return 0;
}

int main(int argc, char *argv[])
{
	uint32_t key;
	char *data = NULL;
	size_t size = 0, cap = 0, nlines = 0, i, start;
	struct line *lines = NULL;
	int qid;

	if (argc != 2 || parse_u32(argv[1], &key) == -1 || key == 0) {
		fprintf(stderr, "usage: msgq_load <key>\n");
		return 2;
	}

	/* All of stdin first: nothing may be sent before every line is checked. */
	for (;;) {
		size_t n;
		if (size == cap) {
			cap = cap ? cap * 2 : 65536;
			data = realloc(data, cap);
			if (data == NULL) {
				perror("realloc");
				return 1;
			}
		}
		n = fread(data + size, 1, cap - size, stdin);
		size += n;
		if (n == 0) {
			if (ferror(stdin)) {
				perror("read");
				return 1;
			}
			break;
		}
	}

	/* Split into lines (a last line without a newline counts) and check each. */
	for (i = 0, start = 0; i <= size; i++) {
		if (i < size && data[i] != '\n')
			continue;
		if (i == size && start == size)
			break;		/* nothing after the last newline */
		lines = realloc(lines, (nlines + 1) * sizeof *lines);
		if (lines == NULL) {
			perror("realloc");
			return 1;
		}
		if (parse_line(data + start, i - start, &lines[nlines]) == -1) {
			fprintf(stderr, "bad line %zu\n", nlines + 1);
			return 1;
		}
		nlines++;
		start = i + 1;
	}

	qid = msgget((key_t)key, IPC_CREAT | 0600);
	if (qid == -1) {
		perror("msgget");
		return 1;
	}
	for (i = 0; i < nlines; i++) {
		msg.mtype = lines[i].type;
		memcpy(msg.mtext, lines[i].text, lines[i].len);
		while (msgsnd(qid, &msg, lines[i].len, 0) == -1) {
			if (errno != EINTR) {
				perror("msgsnd");
				return 1;
			}
		}
	}
	free(lines);
	free(data);
	return 0;
}
