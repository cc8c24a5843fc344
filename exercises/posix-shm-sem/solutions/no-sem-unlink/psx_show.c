/*
 * psx_show -- prints the shared counter.
 *
 * Usage: psx_show <shm>
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

int main(int argc, char *argv[])
{
	int64_t *count;
	struct stat st;
	int fd;

	if (argc != 2) {
		fprintf(stderr, "usage: psx_show <shm>\n");
		return 2;
	}
	fd = shm_open(argv[1], O_RDONLY, 0);
	if (fd == -1) {
		perror("shm_open");
		return 1;
	}
	if (fstat(fd, &st) == -1) {
		perror("fstat");
		return 1;
	}
	if (st.st_size < (off_t)sizeof *count) {
		fprintf(stderr, "psx_show: %s is too small for a counter\n", argv[1]);
		return 1;
	}
	count = mmap(NULL, sizeof *count, PROT_READ, MAP_SHARED, fd, 0);
	if (count == MAP_FAILED) {
		perror("mmap");
		return 1;
	}
	close(fd);
	printf("%lld\n", (long long)*count);
	if (fflush(stdout) == EOF) {
		perror("fflush");
		return 1;
	}
	munmap(count, sizeof *count);
	return 0;
}
