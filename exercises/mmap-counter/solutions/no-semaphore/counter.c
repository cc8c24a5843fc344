/*
 * counter -- adds 1 to the counter in a shared file mapping, n times.
 *
 * Usage: counter <file> <n>
 *
 * Opens the file (creating and initialising it when missing: see region.c),
 * maps it MAP_SHARED and adds 1 to the 64-bit count n times.
 *
 * BUG: no sem_wait/sem_post around the increment.  Each increment reads the
 * count and writes it back (volatile: once per increment, as unoptimised
 * code would); two processes doing that at the same time lose updates.
 */
#include <limits.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>

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

	if (argc != 3 || parse_count(argv[2], &n) == -1)
		usage();
	if (region_open(argv[1], 1, &r) == -1)
		return 1;

	volatile int64_t *count = &r->count;
	for (i = 0; i < n; i++)
		*count = *count + 1;	/* read, add, write back: not atomic */
	return 0;
}
