/*
 * shm_writer -- copy stdin to shm_reader through System V shared memory.
 *
 * Usage: shm_writer <key>
 *
 * Creates a shared memory segment (a block and its length) and a set of two
 * semaphores, both with <key>; prints "ready" (flushed); copies stdin through
 * the segment block by block; ends with a block of length 0; waits until the
 * reader has taken it; removes the segment and the set.  Exit 0.
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

/* Not defined by <sys/sem.h>: the caller declares it (see semctl(2)). */
union semun {
	int val;
	struct semid_ds *buf;
	unsigned short *array;
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
		fprintf(stderr, "usage: shm_writer <key>\n");
		return 2;
	}

	/*
	 * TODO: create the segment, shmget((key_t)key, sizeof(struct shared),
	 * IPC_CREAT | IPC_EXCL | 0600), and the set, semget((key_t)key, 2,
	 * IPC_CREAT | IPC_EXCL | 0600).  Set EMPTY to 1 and FULL to 0 (semctl
	 * SETALL with a union semun, or SETVAL twice).  Attach with shmat()
	 * (it fails with (void *)-1, not NULL).
	 */

	/* TODO: print "ready" and flush stdout (it is a pipe, not a terminal). */

	/*
	 * TODO: loop:
	 *   - P(EMPTY): semop with { SEM_EMPTY, -1, 0 } (retry on EINTR);
	 *   - n = read(0, shm->data, BLOCK_SIZE) (retry on EINTR);
	 *   - shm->len = n; V(FULL);
	 *   - stop after the block with n == 0 (the end block).
	 * Then P(EMPTY) once more: the reader has taken the end block.
	 */

	/*
	 * TODO: shmdt(), then remove the segment (shmctl IPC_RMID) and the set
	 * (semctl IPC_RMID).  On any runtime failure: perror("<the call>"),
	 * remove whatever you created, exit 1.
	 */

	(void)key;
	fprintf(stderr, "shm_writer: not implemented\n");
	return 1;
}
