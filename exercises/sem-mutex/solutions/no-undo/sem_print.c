/*
 * sem_print -- print words one character at a time, one line per word,
 * holding a System V semaphore (made by sem_init) around each line.
 *
 * Usage: sem_print <key> <word>...
 *
 * BUG (known solution): P and V without SEM_UNDO, so a process killed while
 * it holds the semaphore never gives it back and the others wait forever.
 *
 * For each word: P (SEM_UNDO), print "process <pid>: " and the word one
 * character at a time (flushed after each, $SEM_PRINT_DELAY_US microseconds
 * between characters, default 1000), then "\n", then V (SEM_UNDO).
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

/* semop on our one semaphore: -1 is P, +1 is V.  BUG: without SEM_UNDO. */
static void sem_change(int semid, short delta)
{
	struct sembuf op = { .sem_num = 0, .sem_op = delta, .sem_flg = 0 };	/* BUG: no SEM_UNDO */

	while (semop(semid, &op, 1) == -1) {
		if (errno != EINTR) {
			perror("semop");
			exit(1);
		}
	}
}

static void pause_us(uint32_t us)
{
	struct timespec t = { (time_t)(us / 1000000), (long)(us % 1000000) * 1000 };

	while (nanosleep(&t, &t) == -1 && errno == EINTR)
		;
}

static void flush_out(void)
{
	if (fflush(stdout) == EOF) {
		perror("fflush");
		exit(1);	/* the kernel undoes our P (SEM_UNDO) */
	}
}

int main(int argc, char *argv[])
{
	uint32_t key, delay = DEFAULT_DELAY_US;
	const char *env;
	int semid;
	long me;

	if (argc < 3)
		usage();
	if (parse_u32(argv[1], 1, &key) == -1 || key == 0)
		usage();
	env = getenv("SEM_PRINT_DELAY_US");
	if (env != NULL && *env != '\0' && parse_u32(env, 0, &delay) == -1)
		usage();

	semid = semget((key_t)key, 0, 0);	/* sem_init made it */
	if (semid == -1) {
		perror("semget");
		return 1;
	}

	me = (long)getpid();
	for (int w = 2; w < argc; w++) {
		const char *word = argv[w];
		size_t len = strlen(word);

		sem_change(semid, -1);			/* P */
		printf("process %ld: ", me);
		flush_out();
		for (size_t i = 0; i < len; i++) {
			if (i > 0 && delay > 0)
				pause_us(delay);
			putchar(word[i]);
			flush_out();
		}
		putchar('\n');
		flush_out();
		sem_change(semid, +1);			/* V */
	}
	return 0;
}
