/*
 * sem-hold-named <sem> <shm> -- holds a named semaphore until end of input.
 *
 * Opens the existing named semaphore and maps the existing shared memory
 * object (a 64-bit counter at offset 0), sem_waits, prints `held`, waits for
 * end of file on stdin, prints `count <counter>`, sem_posts and exits 0.  Both
 * lines are flushed: the test waits for them.  Failures: perror, exit 1.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <semaphore.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

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
	volatile uint64_t *count;
	struct stat st;
	sem_t *sem;
	int fd;

	if (argc != 3) {
		fprintf(stderr, "usage: sem-hold-named <sem> <shm>\n");
		return 2;
	}
	sem = sem_open(argv[1], 0);
	if (sem == SEM_FAILED) {
		perror("sem_open");
		return 1;
	}
	fd = shm_open(argv[2], O_RDONLY, 0);
	if (fd == -1 || fstat(fd, &st) == -1) {
		perror("shm_open");
		return 1;
	}
	if (st.st_size < (off_t)sizeof *count) {
		fprintf(stderr, "%s: too small for a counter\n", argv[2]);
		return 1;
	}
	count = mmap(NULL, sizeof *count, PROT_READ, MAP_SHARED, fd, 0);
	if (count == MAP_FAILED) {
		perror("mmap");
		return 1;
	}
	close(fd);
	while (sem_wait(sem) == -1) {
		if (errno != EINTR) {
			perror("sem_wait");
			return 1;
		}
	}
	printf("held\n");
	fflush(stdout);
	wait_for_eof();
	printf("count %" PRIu64 "\n", *count);
	fflush(stdout);
	if (sem_post(sem) == -1) {
		perror("sem_post");
		return 1;
	}
	sem_close(sem);
	return 0;
}
