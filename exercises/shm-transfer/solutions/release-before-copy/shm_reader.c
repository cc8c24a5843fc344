/*
 * shm_reader -- copy what shm_writer passes through System V shared memory
 * to stdout.
 *
 * Usage: shm_reader <key>
 *
 * Attaches to the existing segment and set, then, block by block: P(full),
 * write the block to stdout, V(empty) -- until the block of length 0, which
 * it acknowledges with V(empty) as well.  Then it detaches.  Exit 0.
 *
 * BUG (known solution): it gives the block back (V(empty)) as soon as it has
 * read the block's length, before writing the block out, so the writer fills
 * the segment with the next block while this one is still being copied.
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

#define BLOCK_SIZE 16384

/* The segment: one block and its length (0 marks the end of the data). */
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

static int semid = -1;

static void sem_change(unsigned short num, short delta)
{
	struct sembuf op = { .sem_num = num, .sem_op = delta, .sem_flg = 0 };

	while (semop(semid, &op, 1) == -1) {
		if (errno != EINTR) {
			perror("semop");
			exit(1);
		}
	}
}

/* write(2) all of buf, going on after partial writes and EINTR. */
static int write_all(int fd, const char *buf, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, buf, len);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

int main(int argc, char *argv[])
{
	uint32_t key;
	int shmid;
	struct shared *shm;

	if (argc != 2 || parse_u32(argv[1], &key) == -1 || key == 0) {
		fprintf(stderr, "usage: shm_reader <key>\n");
		return 2;
	}

	shmid = shmget((key_t)key, 0, 0);	/* the writer made both */
	if (shmid == -1) {
		perror("shmget");
		return 1;
	}
	semid = semget((key_t)key, 0, 0);
	if (semid == -1) {
		perror("semget");
		return 1;
	}
	shm = shmat(shmid, NULL, 0);
	if (shm == (struct shared *)-1) {
		perror("shmat");
		return 1;
	}

	for (;;) {
		size_t len;

		sem_change(SEM_FULL, -1);
		len = shm->len;
		if (len > BLOCK_SIZE) {
			fprintf(stderr, "shm_reader: bad block length %zu\n", len);
			return 1;
		}
		/* BUG: the block is given back before it has been written out */
		sem_change(SEM_EMPTY, +1);
		if (len > 0 && write_all(STDOUT_FILENO, shm->data, len) == -1) {
			perror("write");
			return 1;
		}
		if (len == 0)
			break;
	}

	if (shmdt(shm) == -1) {
		perror("shmdt");
		return 1;
	}
	return 0;
}
