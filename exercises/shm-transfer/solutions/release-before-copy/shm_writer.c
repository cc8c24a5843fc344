/*
 * shm_writer -- copy stdin to a reader through System V shared memory.
 *
 * Usage: shm_writer <key>
 *
 * Creates a segment (one block and its length) and a set of two semaphores
 * with the same key, prints "ready" (flushed), then copies stdin through the
 * segment block by block: P(empty), fill, V(full).  Ends with a block of
 * length 0, waits until the reader has taken it (P(empty) once more), then
 * removes the segment and the set.  Exit 0.
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

union semun {
	int val;
	struct semid_ds *buf;
	unsigned short *array;
};

static int shmid = -1, semid = -1;
static struct shared *shm = (struct shared *)-1;

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

/* Report the failing call, remove what we made (leave nothing behind), exit 1. */
static void fail(const char *call)
{
	perror(call);
	if (shm != (struct shared *)-1)
		shmdt(shm);
	if (shmid != -1)
		shmctl(shmid, IPC_RMID, NULL);
	if (semid != -1)
		semctl(semid, 0, IPC_RMID);
	exit(1);
}

static void sem_change(unsigned short num, short delta)
{
	struct sembuf op = { .sem_num = num, .sem_op = delta, .sem_flg = 0 };

	while (semop(semid, &op, 1) == -1) {
		if (errno != EINTR)
			fail("semop");
	}
}

int main(int argc, char *argv[])
{
	uint32_t key;
	unsigned short init[2] = { [SEM_EMPTY] = 1, [SEM_FULL] = 0 };
	union semun arg = { .array = init };

	if (argc != 2 || parse_u32(argv[1], &key) == -1 || key == 0) {
		fprintf(stderr, "usage: shm_writer <key>\n");
		return 2;
	}

	shmid = shmget((key_t)key, sizeof(struct shared), IPC_CREAT | IPC_EXCL | 0600);
	if (shmid == -1)
		fail("shmget");
	semid = semget((key_t)key, 2, IPC_CREAT | IPC_EXCL | 0600);
	if (semid == -1)
		fail("semget");
	if (semctl(semid, 0, SETALL, arg) == -1)
		fail("semctl");
	shm = shmat(shmid, NULL, 0);
	if (shm == (struct shared *)-1)
		fail("shmat");

	printf("ready\n");
	if (fflush(stdout) == EOF)
		fail("fflush");

	for (;;) {
		ssize_t n;

		sem_change(SEM_EMPTY, -1);	/* the reader has taken the last block */
		do
			n = read(STDIN_FILENO, shm->data, BLOCK_SIZE);
		while (n == -1 && errno == EINTR);
		if (n == -1)
			fail("read");
		shm->len = (size_t)n;		/* 0: the end */
		sem_change(SEM_FULL, +1);
		if (n == 0)
			break;
	}

	/*
	 * Wait until the reader has taken the end block.  Removing the set now
	 * would make the reader's semop fail (EIDRM, or EINVAL once it is gone).
	 */
	sem_change(SEM_EMPTY, -1);

	if (shmdt(shm) == -1)
		fail("shmdt");
	shm = (struct shared *)-1;
	if (shmctl(shmid, IPC_RMID, NULL) == -1)
		fail("shmctl");
	shmid = -1;
	if (semctl(semid, 0, IPC_RMID) == -1) {
		perror("semctl");
		return 1;
	}
	return 0;
}
