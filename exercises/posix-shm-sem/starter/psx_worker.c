/*
 * psx_worker -- adds 1 to the shared counter n times.
 *
 * Usage: psx_worker <shm> <sem> <n>
 *
 * Opens the existing shared memory object and semaphore (made by psx_init)
 * and adds 1 to the 64-bit counter n times, each time inside
 * sem_wait/sem_post.  Prints nothing.
 * Exit 0; 1 after a perror-style line; 2 on wrong usage.
 *
 * Read README.md first.
 */
#include <errno.h>
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
	long n;

	if (argc != 4 || parse_count(argv[3], &n) == -1)
		usage();

	/*
	 * TODO: shm_open(argv[1], O_RDWR, 0); mmap() sizeof(int64_t) bytes
	 * with PROT_READ | PROT_WRITE, MAP_SHARED (failure: MAP_FAILED);
	 * close the descriptor.
	 */

	/* TODO: sem_open(argv[2], 0) (failure: SEM_FAILED). */

	/*
	 * TODO: n times: sem_wait (retry on EINTR), (*count)++, sem_post.
	 * Then sem_close, exit 0.
	 */

	(void)n;
	fprintf(stderr, "psx_worker: not implemented\n");
	return 1;
}
