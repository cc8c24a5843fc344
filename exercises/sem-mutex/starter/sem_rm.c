/*
 * sem_rm -- remove the System V semaphore set made by sem_init.
 *
 * Usage: sem_rm <key>
 *
 * Read README.md first.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ipc.h>
#include <sys/sem.h>
#include <sys/types.h>

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

int main(int argc, char *argv[])
{
	uint32_t key;

	if (argc != 2 || parse_u32(argv[1], 1, &key) == -1 || key == 0) {
		fprintf(stderr, "usage: sem_rm <key>\n");
		return 2;
	}

	/*
	 * TODO: semget((key_t)key, 0, 0), then semctl(semid, 0, IPC_RMID).
	 * On failure perror("semget") or perror("semctl"), exit 1.
	 */

	(void)key;
	fprintf(stderr, "sem_rm: not implemented\n");
	return 1;
}
