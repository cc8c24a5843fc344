/*
 * sem_print -- print words one character at a time, one line per word,
 * holding a System V semaphore (made by sem_init) around each line.
 *
 * Usage: sem_print <key> <word>...
 *
 * For each word in turn: P (with SEM_UNDO); print "process <pid>: " and then
 * the word one character at a time, flushing after each character and
 * sleeping $SEM_PRINT_DELAY_US microseconds (default 1000) between
 * characters; then "\n"; then V (with SEM_UNDO).
 *
 * Read README.md first.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/sem.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#define DEFAULT_DELAY_US 1000

/*
 * Parse an unsigned 32-bit number: "0x"/"0X" followed by hex digits (only
 * when allow_hex), or decimal digits ("010" is ten).  No sign, no blanks,
 * no trailing junk.
 */
static int parse_u32(const char *s, int allow_hex, uint32_t *out)
{
	uint64_t v = 0;
	unsigned base = 10;

	if (allow_hex && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
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
	fprintf(stderr, "usage: sem_print <key> <word>...\n");
	exit(2);
}

int main(int argc, char *argv[])
{
	uint32_t key, delay = DEFAULT_DELAY_US;
	const char *env;

	if (argc < 3)
		usage();
	if (parse_u32(argv[1], 1, &key) == -1 || key == 0)
		usage();
	env = getenv("SEM_PRINT_DELAY_US");
	if (env != NULL && *env != '\0' && parse_u32(env, 0, &delay) == -1)
		usage();

	/*
	 * TODO: open the existing set: semget((key_t)key, 0, 0).  On failure
	 * perror("semget"), exit 1.
	 */

	/*
	 * TODO: for each word argv[2] ... argv[argc - 1]:
	 *   - P: struct sembuf op = { 0, -1, SEM_UNDO }; semop(semid, &op, 1)
	 *     (retry on EINTR; on another error perror("semop"), exit 1);
	 *   - printf("process %ld: ", (long)getpid()) and fflush(stdout);
	 *   - each character: putchar, fflush(stdout), and between two
	 *     characters sleep `delay` microseconds (nanosleep; none when 0);
	 *   - putchar('\n'), fflush(stdout);
	 *   - V: { 0, +1, SEM_UNDO } -- SEM_UNDO on V too, or the kernel's
	 *     adjustment grows by one per word.
	 */

	(void)key;
	(void)delay;
	fprintf(stderr, "sem_print: not implemented\n");
	return 1;
}
