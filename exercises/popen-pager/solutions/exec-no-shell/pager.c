/*
 * pager -- copy a file to $PAGER (APUE Program 15.6 rather than 15.11).
 *
 * Usage: pager <pathname>
 *
 * Copies the file to $PAGER (default "more" when PAGER is unset or empty)
 * through a pipe, then waits for it.  Exit 0 when the pager's status was 0;
 * otherwise "pager exited with status <n>" on stderr and exit 1.
 *
 * BUG: runs $PAGER with execlp() as a program name, as APUE 15.6 does, not
 * as a shell command line: PAGER="tr a-z A-Z" looks for a program named
 * "tr a-z A-Z", which does not exist.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#define BUFSIZE 65536

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

int main(int argc, char *argv[])
{
	static char buf[BUFSIZE];
	const char *cmd;
	int fd, pfd[2], status, failed = 0;
	ssize_t n;
	pid_t pid;

	if (argc != 2) {
		fprintf(stderr, "usage: pager <pathname>\n");
		return 2;
	}
	if ((fd = open(argv[1], O_RDONLY)) == -1) {
		fprintf(stderr, "can't open %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	cmd = getenv("PAGER");
	if (cmd == NULL || *cmd == '\0')
		cmd = "more";
	signal(SIGPIPE, SIG_IGN);

	if (pipe(pfd) == -1) {
		perror("pipe");
		return 1;
	}
	if ((pid = fork()) == -1) {
		perror("fork");
		return 1;
	}
	if (pid == 0) {
		close(pfd[1]);
		close(fd);
		if (pfd[0] != STDIN_FILENO) {
			dup2(pfd[0], STDIN_FILENO);
			close(pfd[0]);
		}
		signal(SIGPIPE, SIG_DFL);
		execlp(cmd, cmd, (char *)0);	/* BUG: no shell */
		fprintf(stderr, "execlp %s: %s\n", cmd, strerror(errno));
		_exit(127);
	}
	close(pfd[0]);
	while ((n = read(fd, buf, sizeof buf)) != 0) {
		if (n == -1) {
			if (errno == EINTR)
				continue;
			perror("read");
			failed = 1;
			break;
		}
		if (write_all(pfd[1], buf, (size_t)n) == -1) {
			if (errno != EPIPE) {
				perror("write");
				failed = 1;
			}
			break;
		}
	}
	close(fd);
	close(pfd[1]);
	while (waitpid(pid, &status, 0) == -1) {
		if (errno != EINTR) {
			perror("waitpid");
			return 1;
		}
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return failed;
	fprintf(stderr, "pager exited with status %d\n",
		WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
	return 1;
}
