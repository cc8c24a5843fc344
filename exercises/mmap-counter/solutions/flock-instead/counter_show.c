/*
 * counter_show -- prints the counter of a counter file.
 *
 * Usage: counter_show <file>
 *
 * The file must exist (it is not created); the count is read under the
 * semaphore, so a counter running meanwhile is never caught half-way.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "counter.h"

int main(int argc, char *argv[])
{
	struct region *r;
	long long v;

	if (argc != 2) {
		fprintf(stderr, "usage: counter_show <file>\n");
		return 2;
	}
	if (region_open(argv[1], 0, &r) == -1)
		return 1;
	while (sem_wait(&r->sem) == -1) {
		if (errno != EINTR) {
			perror("sem_wait");
			return 1;
		}
	}
	v = (long long)r->count;
	if (sem_post(&r->sem) == -1) {
		perror("sem_post");
		return 1;
	}
	printf("%lld\n", v);
	if (fflush(stdout) == EOF) {
		perror("fflush");
		return 1;
	}
	return 0;
}
