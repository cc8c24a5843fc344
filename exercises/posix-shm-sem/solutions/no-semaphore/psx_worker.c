/*
 * psx_worker -- adds 1 to the shared counter n times.
 *
 * Usage: psx_worker <shm> <sem> <n>
 *
 * Opens the existing shared memory object and semaphore (made by psx_init)
 * and adds 1 to the counter n times.
 *
 * BUG: the semaphore is opened but never used.  Each increment reads the
 * counter and writes it back (volatile: once per increment); workers doing
 * that at the same time lose updates.
 */
#include <fcntl.h>
#include <limits.h>
#include <semaphore.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

static void usage(void)
{
	fprintf(stderr, "usage: psx_worker <shm> <sem> <n>\n");
	exit(2);
}

/* A decimal count from 0 to INT_MAX: digits only, no sign, no junk. */
static int parse_count(const char *s, long *out)
{
	long v = 0;

	if (*s == '\0')
		return -1;
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		v = v * 10 + (*s - '0');
		if (v > INT_MAX)
			return -1;
	}
	*out = v;
	return 0;
}

int main(int argc, char *argv[])
{
	int64_t *count;
	struct stat st;
	sem_t *sem;
	long n, i;
	int fd;

	if (argc != 4 || parse_count(argv[3], &n) == -1)
		usage();

	fd = shm_open(argv[1], O_RDWR, 0);
	if (fd == -1) {
		perror("shm_open");
		return 1;
	}
	if (fstat(fd, &st) == -1) {
		perror("fstat");
		return 1;
	}
	if (st.st_size < (off_t)sizeof *count) {
		fprintf(stderr, "psx_worker: %s is too small for a counter\n", argv[1]);
		return 1;
	}
	count = mmap(NULL, sizeof *count, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (count == MAP_FAILED) {
		perror("mmap");
		return 1;
	}
	close(fd);

	sem = sem_open(argv[2], 0);
	if (sem == SEM_FAILED) {
		perror("sem_open");
		return 1;
	}

	volatile int64_t *c = count;
	for (i = 0; i < n; i++)
		*c = *c + 1;	/* read, add, write back: not atomic */
	sem_close(sem);
	munmap(count, sizeof *count);
	return 0;
}
