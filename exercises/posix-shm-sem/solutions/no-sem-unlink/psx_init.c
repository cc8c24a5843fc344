/*
 * psx_init -- creates the shared counter and the semaphore guarding it.
 *
 * Usage: psx_init <shm> <sem>
 *
 * Creates the POSIX shared memory object <shm> (O_CREAT | O_EXCL, mode
 * 0600), sizes it for one 64-bit counter (zero) and creates the named
 * semaphore <sem> with value 1.  An object that exists already is an error:
 * nothing that exists is touched, and nothing this run created is left.
 */
#include <fcntl.h>
#include <semaphore.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

int main(int argc, char *argv[])
{
	int64_t *count;
	sem_t *sem;
	int fd;

	if (argc != 3) {
		fprintf(stderr, "usage: psx_init <shm> <sem>\n");
		return 2;
	}

	fd = shm_open(argv[1], O_RDWR | O_CREAT | O_EXCL, 0600);
	if (fd == -1) {
		perror("shm_open");	/* EEXIST: somebody else's, leave it */
		return 1;
	}
	if (ftruncate(fd, sizeof *count) == -1) {
		perror("ftruncate");
		goto undo_shm;
	}
	count = mmap(NULL, sizeof *count, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (count == MAP_FAILED) {
		perror("mmap");
		goto undo_shm;
	}
	*count = 0;		/* ftruncate zeroed it already; say so */
	munmap(count, sizeof *count);
	close(fd);

	sem = sem_open(argv[2], O_CREAT | O_EXCL, 0600, 1);
	if (sem == SEM_FAILED) {
		perror("sem_open");
		shm_unlink(argv[1]);
		return 1;
	}
	sem_close(sem);
	return 0;

undo_shm:
	shm_unlink(argv[1]);
	return 1;
}
