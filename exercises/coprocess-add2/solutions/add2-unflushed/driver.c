/* driver -- drives the coprocess add2 through two pipes (APUE Program 15.18). */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAXLINE 4096

static pid_t child = -1;
static int to_add2 = -1, from_add2 = -1;

/* Says why, closes the pipes so that add2 (if still there) sees end of file, waits for it, exits 1. */
static void fail(const char *msg)
{
	fprintf(stderr, "driver: %s\n", msg);
	close(to_add2);
	close(from_add2);
	if (child > 0)
		while (waitpid(child, NULL, 0) < 0 && errno == EINTR)
			;
	exit(1);
}

/* Reads one line (up to its newline) from fd, a byte at a time so that nothing past it is taken. */
static ssize_t read_line(int fd, char *buf, size_t size)
{
	size_t n = 0;
	while (n + 1 < size) {
		ssize_t r = read(fd, buf + n, 1);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (r == 0)
			break;
		if (buf[n++] == '\n')
			break;
	}
	buf[n] = '\0';
	return (ssize_t)n;
}

static int write_all(int fd, const char *buf, size_t len)
{
	while (len > 0) {
		ssize_t w = write(fd, buf, len);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		buf += w;
		len -= (size_t)w;
	}
	return 0;
}

int main(int argc, char *argv[])
{
	int to[2], from[2], status;
	pid_t pid;
	char line[MAXLINE], reply[MAXLINE];

	(void)argv;
	if (argc != 1) {
		fprintf(stderr, "usage: driver\n");
		return 2;
	}
	if (signal(SIGPIPE, SIG_IGN) == SIG_ERR) {
		perror("signal");
		return 1;
	}
	if (pipe(to) < 0 || pipe(from) < 0) {
		perror("pipe");
		return 1;
	}
	if ((pid = fork()) < 0) {
		perror("fork");
		return 1;
	}
	if (pid == 0) {
		close(to[1]);
		close(from[0]);
		if (to[0] != STDIN_FILENO) {
			if (dup2(to[0], STDIN_FILENO) != STDIN_FILENO)
				_exit(127);
			close(to[0]);
		}
		if (from[1] != STDOUT_FILENO) {
			if (dup2(from[1], STDOUT_FILENO) != STDOUT_FILENO)
				_exit(127);
			close(from[1]);
		}
		execlp("add2", "add2", (char *)NULL);
		fprintf(stderr, "driver: exec add2: %s\n", strerror(errno));
		_exit(127);
	}
	close(to[0]);
	close(from[1]);
	child = pid;
	to_add2 = to[1];
	from_add2 = from[0];

	while (fgets(line, sizeof line, stdin) != NULL) {
		if (write_all(to[1], line, strlen(line)) < 0)
			fail(errno == EPIPE ? "add2 has gone (write: Broken pipe)" : strerror(errno));
		ssize_t n = read_line(from[0], reply, sizeof reply);
		if (n < 0)
			fail(strerror(errno));
		if (n == 0)
			fail("add2 closed its pipe");
		if (fputs(reply, stdout) == EOF || fflush(stdout) == EOF) {
			perror("write");
			return 1;
		}
	}
	close(to[1]);
	close(from[0]);
	if (waitpid(pid, &status, 0) < 0) {
		perror("waitpid");
		return 1;
	}
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 1;
}
