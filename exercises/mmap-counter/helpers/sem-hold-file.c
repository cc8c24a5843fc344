/*
 * sem-hold-file <file> -- holds the semaphore of a counter file until end of input.
 *
 * Maps the existing file MAP_SHARED, sem_waits on the sem_t at offset 0, prints
 * `held`, waits for end of file on stdin, prints `count <u64 at offset 32>`,
 * sem_posts and exits 0.  Both lines are flushed: the test waits for them.
 * Failures: perror, exit 1.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <semaphore.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define SEM_OFFSET 0
#define COUNT_OFFSET 32
#define MIN_SIZE 40

static void wait_for_eof(void)
{
	char buf[256];
	ssize_t n;

	do
		n = read(0, buf, sizeof buf);
	while (n > 0 || (n == -1 && errno == EINTR));
}

int main(int argc, char *argv[])
{
	struct stat st;
	char *base;
	sem_t *sem;
	int fd;

	if (argc != 2) {
		fprintf(stderr, "usage: sem-hold-file <file>\n");
		return 2;
	}
	fd = open(argv[1], O_RDWR);
	if (fd == -1 || fstat(fd, &st) == -1) {
		perror(argv[1]);
		return 1;
	}
	if (st.st_size < MIN_SIZE) {
		fprintf(stderr, "%s: %lld bytes, too small for a counter file\n", argv[1], (long long)st.st_size);
		return 1;
	}
	base = mmap(NULL, MIN_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (base == MAP_FAILED) {
		perror("mmap");
		return 1;
	}
	close(fd);
	sem = (sem_t *)(base + SEM_OFFSET);
	while (sem_wait(sem) == -1) {
		if (errno != EINTR) {
			perror("sem_wait");
			return 1;
		}
	}
	printf("held\n");
	fflush(stdout);
	wait_for_eof();
	uint64_t count;
	memcpy(&count, base + COUNT_OFFSET, sizeof count);
	printf("count %" PRIu64 "\n", count);
	fflush(stdout);
	if (sem_post(sem) == -1) {
		perror("sem_post");
		return 1;
	}
	return 0;
}
