/*
 * pipe_copy -- parent to child through a pipe (APUE Program 15.5).
 *
 * The parent copies its standard input into the pipe; the child copies the
 * pipe to standard output until end of file.  Only the child writes to
 * stdout.  Exit 0 when everything was copied and the child exited 0.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>
#include <unistd.h>

#define BUFSIZE 65536

/* Write all n bytes, looping over partial writes and EINTR. */
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

/* read() that retries on EINTR. */
static ssize_t read_retry(int fd, char *buf, size_t n)
{
	ssize_t r;
	do
		r = read(fd, buf, n);
	while (r == -1 && errno == EINTR);
	return r;
}

static void child(int rfd)
{
	static char buf[BUFSIZE];
	for (;;) {
		ssize_t n = read_retry(rfd, buf, sizeof buf);
		if (n == 0)
			break;			/* EOF: every write end is closed */
		if (n == -1) {
			perror("read");
			_exit(1);
		}
		if (write_all(STDOUT_FILENO, buf, (size_t)n) == -1) {
			perror("write");
			_exit(1);
		}
	}
	close(rfd);
	_exit(0);
}

int main(int argc, char *argv[])
{
	static char buf[BUFSIZE];
	int fd[2];
	pid_t pid;
	int failed = 0, write_errno = 0;

	(void)argv;
	if (argc != 1) {
		fprintf(stderr, "usage: pipe_copy < input > output\n");
		return 2;
	}

	/*
	 * A write to a pipe without a reader must fail with EPIPE instead of
	 * killing us: the parent wants to wait for the child and report.  The
	 * child inherits this and reports "write: Broken pipe" itself.
	 */
	signal(SIGPIPE, SIG_IGN);

	if (pipe(fd) == -1) {
		perror("pipe");
		return 1;
	}
	pid = fork();
	if (pid == -1) {
		perror("fork");
		return 1;
	}
	if (pid == 0) {
		close(fd[1]);		/* else the child never sees EOF */
		child(fd[0]);
	}

	/* Parent. */
	close(fd[0]);
	for (;;) {
		ssize_t n = read_retry(STDIN_FILENO, buf, sizeof buf);
		if (n == 0)
			break;
		if (n == -1) {
			perror("read");
			failed = 1;
			break;
		}
		if (write_all(fd[1], buf, (size_t)n) == -1) {
			/* EPIPE: the child is gone. */
			write_errno = errno;
			break;
		}
	}
	close(fd[1]);			/* the child sees EOF */

	/*
	 * BUG: no waitpid().  The parent exits at once; the child is left
	 * behind (still copying, or a zombie nobody of ours reaps), and a child
	 * that fails goes unnoticed: the parent exits 0 anyway.
	 */
	(void)pid;
	if (write_errno != 0) {
		errno = write_errno;
		perror("write");
		return 1;
	}
	return failed ? 1 : 0;
}
