/*
 * sem-squat <key> -- holds a System V semaphore set of ONE semaphore under <key> until end of input.
 *
 * Creates the set (IPC_CREAT | IPC_EXCL | 0600), prints `held` (flushed), waits for end of file
 * on stdin, removes the set and exits 0.  A shm_writer started on that key cannot make its set
 * of two (semget fails: EEXIST, or EINVAL without IPC_EXCL), so the test sees what a writer that
 * fails half-way leaves behind.  Failures: perror, exit 1.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ipc.h>
#include <sys/sem.h>
#include <unistd.h>

int main(int argc, char *argv[])
{
	char buf[256], *end;
	unsigned long key;
	ssize_t n;
	int id;

	errno = 0;
	key = argc == 2 ? strtoul(argv[1], &end, 0) : 0;
	if (argc != 2 || errno || *end || key == 0 || key > 0xffffffffUL) {
		fprintf(stderr, "usage: sem-squat <key>\n");
		return 2;
	}
	id = semget((key_t)key, 1, IPC_CREAT | IPC_EXCL | 0600);
	if (id == -1) {
		perror("semget");
		return 1;
	}
	printf("held\n");
	fflush(stdout);
	do
		n = read(0, buf, sizeof buf);
	while (n > 0 || (n == -1 && errno == EINTR));
	if (semctl(id, 0, IPC_RMID) == -1) {
		perror("semctl");
		return 1;
	}
	return 0;
}
