/*
 * pipe_copy, faked: forks, but makes no pipe.  The child copies the standard
 * input it inherited to standard output; the parent only waits for it and
 * exits with its status.  The output is right, the pipe is missing.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static int write_all(int fd, const char *buf, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, buf, n);
		if (w == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		buf += w;
		n -= (size_t)w;
	}
	return 0;
}

static void child(void)
{
	static char buf[65536];
	for (;;) {
		ssize_t n = read(STDIN_FILENO, buf, sizeof buf);
		if (n == 0)
			_exit(0);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			perror("read");
			_exit(1);
		}
		if (write_all(STDOUT_FILENO, buf, (size_t)n) == -1) {
			perror("write");
			_exit(1);
		}
	}
}

int main(int argc, char *argv[])
{
	pid_t pid;
	int status;

	(void)argv;
	if (argc != 1) {
		fprintf(stderr, "usage: pipe_copy < input > output\n");
		return 2;
	}
	if ((pid = fork()) == -1) {
		perror("fork");
		return 1;
	}
	if (pid == 0)
		child();
	while (waitpid(pid, &status, 0) == -1) {
		if (errno != EINTR) {
			perror("waitpid");
			return 1;
		}
	}
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 1;
}
