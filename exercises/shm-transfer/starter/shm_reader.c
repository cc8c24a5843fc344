/*
 * shm_reader -- write to stdout what shm_writer passes through System V
 * shared memory.
 *
 * Usage: shm_reader <key>
 *
 * Attaches to the existing segment and set; writes every block to stdout
 * until the block of length 0; tells the writer it has taken each block
 * (the end block too); detaches.  Exit 0.
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
#include <sys/shm.h>
#include <sys/types.h>
#include <unistd.h>

/*
 * The segment: one block and its length (0 marks the end of the data).
 * shm_writer and shm_reader must agree on it: keep both copies the same.
 */
#define BLOCK_SIZE 16384	/* at least 4096 */

struct shared {
	size_t len;
	char data[BLOCK_SIZE];
};

/* The two semaphores of the set. */
#define SEM_EMPTY 0	/* 1: the block is free, the writer may fill it */
#define SEM_FULL  1	/* 1: the block is filled, the reader may take it */

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
		fprintf(stderr, "usage: shm_reader <key>\n");
		return 2;
	}

	/*
	 * TODO: open what the writer made, without IPC_CREAT:
	 * shmget((key_t)key, 0, 0), semget((key_t)key, 0, 0); then shmat().
	 * On failure perror("shmget") / perror("semget") / perror("shmat"),
	 * exit 1.
	 */

	/*
	 * TODO: loop:
	 *   - P(FULL) (retry on EINTR);
	 *   - write shm->len bytes of shm->data to stdout -- exactly len, all
	 *     of them (write() may write less: loop);
	 *   - V(EMPTY): the writer may go on;
	 *   - stop after the block of length 0 (its V(EMPTY) included).
	 * Then shmdt() and exit 0.
	 */

	(void)key;
	fprintf(stderr, "shm_reader: not implemented\n");
	return 1;
}
