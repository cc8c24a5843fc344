/*
 * sem_init -- create a System V semaphore set of one semaphore and set it.
 *
 * Usage: sem_init <key> <value>
 *
 * Creates the set with semget(key, 1, IPC_CREAT | IPC_EXCL | 0600) -- so it
 * fails when a set with that key exists -- and gives the semaphore its value
 * with semctl(SETVAL).  Exit 0.
 *
 * Read README.md first.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ipc.h>
#include <sys/sem.h>
#include <sys/types.h>

#define SEMVMX 32767	/* the largest value a System V semaphore holds */

/* Not defined by <sys/sem.h>: the caller declares it (see semctl(2)). */
union semun {
	int val;
	struct semid_ds *buf;
	unsigned short *array;
};

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
	fprintf(stderr, "usage: sem_init <key> <value>\n");
	exit(2);
}

int main(int argc, char *argv[])
{
	uint32_t key, value;

	if (argc != 3)
		usage();
	if (parse_u32(argv[1], 1, &key) == -1 || key == 0)
		usage();
	if (parse_u32(argv[2], 0, &value) == -1 || value > SEMVMX)
		usage();

	/*
	 * TODO: create the set: semget((key_t)key, 1, IPC_CREAT | IPC_EXCL | 0600).
	 * On failure (EEXIST when it is there already) perror("semget"), exit 1.
	 */

	/*
	 * TODO: set the semaphore: union semun arg; arg.val = value;
	 * semctl(semid, 0, SETVAL, arg).  On failure perror("semctl"), remove
	 * the set you just made (IPC_RMID), exit 1.
	 */

	(void)key;
	(void)value;
	fprintf(stderr, "sem_init: not implemented\n");
	return 1;
}
