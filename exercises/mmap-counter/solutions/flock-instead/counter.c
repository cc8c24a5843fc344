/*
 * counter -- adds 1 to the counter in a shared file mapping, n times.
 *
 * Usage: counter <file> <n>
 *
 * Opens the file (creating and initialising it when missing: see region.c),
 * maps it MAP_SHARED and adds 1 to the 64-bit count n times.
 *
 * BUG: the increments are inside flock(LOCK_EX)/flock(LOCK_UN) on the file, not
 * sem_wait/sem_post on the semaphore stored in it.  The count comes out right,
 * but a process holding the file's semaphore does not stop it: the contract
 * says the semaphore guards the counter.
 *
 * The lock is taken once around the loop: a flock per increment gives the same
 * verdicts but four contended counters of 10^6 then take about 13 s per run on
 * two CPUs (160 s for four-together's ten runs), too slow for the test suite.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/file.h>
#include <unistd.h>

#include "counter.h"

static void usage(void)
{
	fprintf(stderr, "usage: counter <file> <n>\n");
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
	struct region *r;
	long n, i;
	int fd;

	if (argc != 3 || parse_count(argv[2], &n) == -1)
		usage();
	if (region_open(argv[1], 1, &r) == -1)
		return 1;
	fd = open(argv[1], O_RDWR);
	if (fd == -1) {
		perror("open");
		return 1;
	}

	while (flock(fd, LOCK_EX) == -1) {
		if (errno != EINTR) {
			perror("flock");
			return 1;
		}
	}
	for (i = 0; i < n; i++)
		r->count++;
	if (flock(fd, LOCK_UN) == -1) {
		perror("flock");
		return 1;
	}
	close(fd);
	return 0;
}
