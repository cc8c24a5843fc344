/*
 * ipclab-init: the per-test supervisor that holds PID 1 of a test's namespaces.
 *
 * The Node harness cannot place processes into one shared set of namespaces
 * cheaply (every `unshare` would make new ones) and its stdio pipes are
 * socketpairs. So one small init per test:
 *   - optionally enters fresh IPC + PID + mount + network namespaces (plus a
 *     user namespace when not root), builds the test's own root from the
 *     harness's list (--root, --m: a tmpfs, read-only binds, a fresh /proc,
 *     /dev/shm and mqueue) and pivots into it, and becomes PID 1 (so no
 *     student process is PID 1, and every escapee is reparented to us);
 *   - in fallback mode, becomes a child subreaper instead;
 *   - starts processes on command with real pipes for their standard
 *     streams, each in its own process group, as an unprivileged uid, with
 *     rlimits, optionally held at a barrier until released together;
 *   - relays output with monotonic timestamps, writes stdin, sends signals;
 *   - reports exits, and orphans it reaps (processes whose parent did not wait);
 *   - snapshots kernel IPC state and process state from inside;
 *   - kills and reaps everything at the end, or when its control pipe closes.
 *
 * Protocol on fd 0 (commands) and fd 1 (events): frames of
 *   u32 payload length | u16 type | u16 zero | payload   (little endian)
 * Text in events (orphan comm, errors) and snapshots is escaped by the codec (sb_field).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/sem.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <sys/mman.h>
#include <sys/time.h>
#include <time.h>
#include <mqueue.h>
#include <sys/ioctl.h>
#include <sys/file.h>
#include <unistd.h>
#include <net/if.h>
#include <sys/socket.h>
#include <sys/statvfs.h>
#include <sys/sendfile.h>
#include <sys/syscall.h>
#include <linux/capability.h>
#include <linux/securebits.h>
#include <linux/seccomp.h>
#include <linux/filter.h>
#include <linux/audit.h>
#include <stddef.h>

enum { C_SPAWN = 1, C_STDIN = 2, C_STDIN_CLOSE = 3, C_SIGNAL = 4, C_RELEASE = 5,
       C_SNAPSHOT = 6, C_KILLALL = 7, C_QUIT = 8, C_HOGS = 9 };
enum { E_READY = 1, E_SPAWNED = 2, E_DATA = 3, E_EXITED = 4, E_ORPHAN = 5,
       E_SNAPSHOT = 6, E_KILLED = 7, E_ERROR = 8, E_EXECFAIL = 9 };

#define MAXPROC 512
#define MAXSTREAM 512
#define MAXBARRIER 64

union semun { int val; struct semid_ds *buf; unsigned short *array; };

struct chunk { struct chunk *next; size_t len, off; char data[]; };

struct proc {
    int used, id, pid, exited;
    int stdin_fd;            /* write end we feed, -1 when closed */
    unsigned long long stdin_dev, stdin_ino; /* that pipe, kept after we close our end (0: none) */
    int stdin_close_pending; /* close once the queue drains */
    struct chunk *head, *tail;
    int errpipe;             /* CLOEXEC pipe: exec errno arrives here */
};

struct stream { int used, id, rfd, wfd; };

static struct proc procs[MAXPROC];
static struct stream streams[MAXSTREAM];
static int barriers[MAXBARRIER][2];
static int isolated, sigfd, devnull = -1;
static const char *mqdir, *shmdir = "/dev/shm";
static const char *workdir; /* --work: the test's folder, listed by a snapshot with flag 2 */
static void cgroup_remove(void);
static int drop_privileges(uint32_t uid, uint32_t gid);
static int mq_host_mount; /* fallback as root: mqueue mounted in the host namespace, unmount at exit */
static void build_copy_out(void);

static void leave(int code) {
    if (mq_host_mount) umount2(mqdir, MNT_DETACH);
    build_copy_out();
    if (!isolated) cgroup_remove();
    _exit(code);
}
static pid_t self_pid;
static uint64_t now_ns(void);

/* The test's pids cgroup (fork bombs stop at pids.max); empty when none could be made. */
static char cg_dir[512], cg_base[512];

static int write_text(const char *path, const char *text) {
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    ssize_t n = write(fd, text, strlen(text));
    close(fd);
    return n < 0 ? -1 : 0;
}

static void cgroup_setup(long max) {
    const char *bases[] = {"/sys/fs/cgroup/pids", "/sys/fs/cgroup"};
    for (int i = 0; i < 2 && max > 0; i++) {
        char probe[600], num[32];
        if (i == 1) {
            /* cgroup v2: the pids controller must be available to children of the root */
            snprintf(probe, sizeof probe, "%s/cgroup.controllers", bases[i]);
            int fd = open(probe, O_RDONLY | O_CLOEXEC);
            if (fd < 0) continue;
            char buf[512] = {0};
            ssize_t n = read(fd, buf, sizeof buf - 1);
            close(fd);
            if (n <= 0 || !strstr(buf, "pids")) continue;
            snprintf(probe, sizeof probe, "%s/cgroup.subtree_control", bases[i]);
            write_text(probe, "+pids");
        } else {
            snprintf(probe, sizeof probe, "%s/cgroup.procs", bases[i]);
            if (access(probe, W_OK) < 0) continue;
        }
        snprintf(cg_dir, sizeof cg_dir, "%s/ipclab-%d-%ld", bases[i], (int)getpid(), (long)now_ns() % 100000);
        if (mkdir(cg_dir, 0755) < 0) { cg_dir[0] = 0; continue; }
        snprintf(probe, sizeof probe, "%s/pids.max", cg_dir);
        snprintf(num, sizeof num, "%ld", max);
        snprintf(cg_base, sizeof cg_base, "%s", bases[i]);
        if (write_text(probe, num) < 0) { rmdir(cg_dir); cg_dir[0] = 0; continue; }
        snprintf(probe, sizeof probe, "%s/cgroup.procs", cg_dir);
        if (write_text(probe, "0") < 0) { rmdir(cg_dir); cg_dir[0] = 0; continue; }
        return;
    }
}

/* Leave the cgroup and remove it; every member must be gone (called after killall). */
static void memcg_remove(void);
static void cgroup_remove(void) {
    if (!cg_dir[0]) { memcg_remove(); return; }
    char path[600];
    snprintf(path, sizeof path, "%s/cgroup.procs", cg_base);
    write_text(path, "0");
    memcg_remove();
    for (int i = 0; i < 200 && rmdir(cg_dir) < 0 && errno == EBUSY; i++) usleep(1000);
    cg_dir[0] = 0;
}

/* ---------- resource bounds: the memory cgroup, quota'd tmpfs mounts, IPC namespace limits ----------
 * The test's processes (not the init: an OOM kill must never pick it, and it must be able to
 * answer snapshots when the test's memory is full) join a memory cgroup with memory.limit_in_bytes
 * (v1) or memory.max (v2) set; tmpfs pages and memfd are charged to whoever touched them. */
static char mem_dir[600];
/* the cgroup's folder, opened before the test's root hides /sys: joins and snapshots go through it */
static int mem_v2, mem_fd = -1;
static unsigned long long mem_bytes = 1ull << 30;

static int memcg_limit(const char *dir, unsigned long long bytes) {
    char path[700], num[32];
    snprintf(num, sizeof num, "%llu", bytes);
    snprintf(path, sizeof path, "%s/%s", dir, mem_v2 ? "memory.max" : "memory.limit_in_bytes");
    if (write_text(path, num) < 0) return -1;
    /* no escape to swap: v1 memsw counts memory+swap (absent without swap accounting) */
    snprintf(path, sizeof path, "%s/%s", dir, mem_v2 ? "memory.swap.max" : "memory.memsw.limit_in_bytes");
    if (access(path, F_OK) == 0) write_text(path, mem_v2 ? "0" : num);
    return 0;
}

/* v1: a cgroup of the memory hierarchy. v2: the pids cgroup gets two leaves, `init` (this
 * process) and `test` (the limit), since a v2 cgroup with processes cannot enable controllers. */
static void memcg_setup(unsigned long long bytes) {
    if (!bytes) return;
    if (access("/sys/fs/cgroup/memory/cgroup.procs", W_OK) == 0) {
        snprintf(mem_dir, sizeof mem_dir, "/sys/fs/cgroup/memory/ipclab-%d-%ld", (int)getpid(), (long)now_ns() % 100000);
        if (mkdir(mem_dir, 0755) < 0) { mem_dir[0] = 0; return; }
    } else if (cg_dir[0] && !strcmp(cg_base, "/sys/fs/cgroup")) {
        char path[700], init_dir[640];
        mem_v2 = 1;
        write_text("/sys/fs/cgroup/cgroup.subtree_control", "+memory");
        snprintf(init_dir, sizeof init_dir, "%s/init", cg_dir);
        snprintf(mem_dir, sizeof mem_dir, "%s/test", cg_dir);
        snprintf(path, sizeof path, "%s/cgroup.procs", init_dir);
        if (mkdir(init_dir, 0755) < 0 || write_text(path, "0") < 0) { rmdir(init_dir); mem_dir[0] = 0; return; }
        snprintf(path, sizeof path, "%s/cgroup.subtree_control", cg_dir);
        if (write_text(path, "+memory") < 0 || mkdir(mem_dir, 0755) < 0) { mem_dir[0] = 0; return; }
    } else return;
    if (memcg_limit(mem_dir, bytes) < 0) { rmdir(mem_dir); mem_dir[0] = 0; return; }
    mem_fd = open(mem_dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (mem_fd < 0) { rmdir(mem_dir); mem_dir[0] = 0; }
}

/* A file of the test's memory cgroup, through mem_fd (its path is not in the test's root). */
static int memcg_open(const char *file, int flags) {
    return mem_fd < 0 ? -1 : openat(mem_fd, file, flags | O_CLOEXEC);
}

/* In a spawned child, still root: into the test's memory cgroup before anything is allocated. */
static void memcg_join(void) {
    if (!mem_dir[0]) return;
    int fd = memcg_open("cgroup.procs", O_WRONLY);
    if (fd < 0 || write(fd, "0", 1) != 1) _exit(126);
    close(fd);
}

/* Called by cgroup_remove once this process has left the cgroups: no member is left. */
static void memcg_remove(void) {
    if (!mem_dir[0]) return;
    for (int i = 0; i < 200 && rmdir(mem_dir) < 0 && errno == EBUSY; i++) usleep(1000);
    if (mem_v2) {
        char init_dir[640];
        snprintf(init_dir, sizeof init_dir, "%s/init", cg_dir);
        rmdir(init_dir);
    }
    mem_dir[0] = 0;
}

/* Writable tmpfs mounts with a size limit, each reported in snapshots ("quota PATH USED TOTAL").
 * An fd opened at mount time is what gets measured: a mount put over the path later cannot
 * stand in for it. ENOSPC cannot be seen from outside, so the harness counts a mount whose
 * free space is below a few pages as full. */
#define MAXQUOTA 16
static struct { char path[256]; int fd; } quotas[MAXQUOTA];
static int nquotas;
static unsigned long long disk_bytes = 256ull << 20;

/* Measure this tmpfs (just mounted on target) in every snapshot, under the name shown. */
static void quota_register(const char *shown, const char *target) {
    if (nquotas >= MAXQUOTA) return;
    int fd = open(target, O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return;
    snprintf(quotas[nquotas].path, sizeof quotas[nquotas].path, "%s", shown);
    quotas[nquotas++].fd = fd;
}

static int mount_tmpfs(const char *target, unsigned long long bytes, unsigned mode, unsigned uid, unsigned gid);

/* System V limits of the test's own IPC namespace (the host's stay as they are): enough for
 * every exercise, bounded in total by the memory limit. Returns how many of them took. */
static int ipc_limits_setup(unsigned long long mem) {
    if (!mem) mem = 1ull << 30;
    char shmmax[32], shmall[32];
    snprintf(shmmax, sizeof shmmax, "%llu", mem);
    snprintf(shmall, sizeof shmall, "%llu", mem / (unsigned long long)sysconf(_SC_PAGESIZE));
    const char *set[][2] = {
        {"/proc/sys/kernel/shmmax", shmmax}, {"/proc/sys/kernel/shmall", shmall},
        {"/proc/sys/kernel/shmmni", "64"}, {"/proc/sys/kernel/msgmni", "64"},
        {"/proc/sys/kernel/msgmnb", "16384"}, {"/proc/sys/kernel/msgmax", "8192"},
        {"/proc/sys/kernel/sem", "250 8192 100 64"},
    };
    int ok = 0;
    for (size_t i = 0; i < sizeof set / sizeof set[0]; i++) ok += write_text(set[i][0], set[i][1]) == 0;
    return ok;
}
static int ipc_limits_set = -1; /* how many took; -1: not tried (fallback) */

#define MAXHOG 64
static int hogs[MAXHOG], nhogs;

static int is_hog(int pid) {
    for (int i = 0; i < nhogs; i++) if (hogs[i] == pid) return 1;
    return 0;
}
/* tracing (see "tracing" below): the straces are the init's, never the test's processes */
static int is_tracer(int pid);
static void trace_register(int id, int pid);
static int trace_reaped(int pid);

static void set_affinity(uint64_t mask) {
    if (!mask) return;
    cpu_set_t set;
    CPU_ZERO(&set);
    for (int c = 0; c < 64; c++) if (mask & (1ull << c)) CPU_SET(c, &set);
    sched_setaffinity(0, sizeof set, &set);
}

static uint64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static void write_all(int fd, const void *buf, size_t len) {
    const char *p = buf;
    while (len > 0) {
        ssize_t n = write(fd, p, len);
        if (n < 0) {
            if (errno == EINTR) continue;
            if (errno == EAGAIN) { struct pollfd pf = {fd, POLLOUT, 0}; poll(&pf, 1, -1); continue; }
            _exit(3); /* the harness went away */
        }
        p += n; len -= (size_t)n;
    }
}

static void send_frame(uint16_t type, const void *a, size_t alen, const void *b, size_t blen) {
    uint8_t hdr[8];
    uint32_t len = (uint32_t)(alen + blen);
    memcpy(hdr, &len, 4);
    memcpy(hdr + 4, &type, 2);
    hdr[6] = hdr[7] = 0;
    write_all(1, hdr, 8);
    if (alen) write_all(1, a, alen);
    if (blen) write_all(1, b, blen);
}

static void send_text(uint16_t type, const void *head, size_t hlen, const char *text, size_t n);
static void send_error(const char *what) {
    char buf[512];
    int n = snprintf(buf, sizeof buf, "%s: %s", what, strerror(errno));
    send_text(E_ERROR, NULL, 0, buf, n > 0 ? (size_t)n : 0);
}

/* ---------- growing text buffer for snapshots ---------- */
struct sb { char *p; size_t len, cap; };
/* Room for n more bytes and a terminating NUL. */
static void sb_reserve(struct sb *s, size_t n) {
    if (s->len + n + 1 > s->cap) {
        s->cap = (s->len + n + 1) * 2;
        s->p = realloc(s->p, s->cap);
        if (!s->p) _exit(4);
    }
}
static void sb_add(struct sb *s, const char *d, size_t n) {
    sb_reserve(s, n);
    if (n) memcpy(s->p + s->len, d, n);
    s->len += n;
}
static void sb_printf(struct sb *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void sb_printf(struct sb *s, const char *fmt, ...) {
    char tmp[4096];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n > 0) sb_add(s, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}
static void sb_file(struct sb *s, const char *path, size_t max) {
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return;
    char buf[8192];
    size_t total = 0;
    ssize_t n;
    while (total < max && (n = read(fd, buf, sizeof buf)) > 0) {
        size_t take = (size_t)n;
        if (total + take > max) take = max - total;
        sb_add(s, buf, take);
        total += take;
    }
    close(fd);
}

/* ---------- the codec (mirrored by harness/init/codec.ts) ----------
 * Everything the init reports as text is records: one line each, a tag, then fields each
 * after one space. Every field a student could influence (names, paths, comm, cmdline) goes
 * through sb_field, which writes each byte outside '!'..'~', and each of % @ | \, as %XX
 * (upper-case hex). So no byte of such a field can end a record, split a field or look like
 * a tag; the parser accepts only what this produces. */
static int must_escape(unsigned char c) {
    return c <= ' ' || c >= 0x7f || c == '%' || c == '@' || c == '|' || c == '\\';
}
static void sb_field(struct sb *s, const char *d, size_t n) {
    static const char hex[] = "0123456789ABCDEF";
    sb_reserve(s, 1 + 3 * n);
    char *o = s->p + s->len;
    *o++ = ' ';
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)d[i];
        if (must_escape(c)) { *o++ = '%'; *o++ = hex[c >> 4]; *o++ = hex[c & 15]; }
        else *o++ = (char)c;
    }
    s->len = (size_t)(o - s->p);
}
static void sb_fieldz(struct sb *s, const char *z) { sb_field(s, z, strlen(z)); }
/* Each whitespace-separated word of text as a field (kernel-formatted rows). */
static void sb_words(struct sb *s, const char *text, size_t n) {
    size_t i = 0;
    while (i < n) {
        while (i < n && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n')) i++;
        size_t start = i;
        while (i < n && text[i] != ' ' && text[i] != '\t' && text[i] != '\n') i++;
        if (i > start) sb_field(s, text + start, i - start);
    }
}
/* The file's content (up to max bytes) into a buffer the caller frees; len 0 when unreadable. */
static struct sb read_file(const char *path, size_t max) {
    struct sb c = {0};
    sb_file(&c, path, max);
    return c;
}

/* An event whose text is one escaped field (the codec's, without the leading space). */
static void send_text(uint16_t type, const void *head, size_t hlen, const char *text, size_t n) {
    struct sb f = {0};
    sb_field(&f, text, n);
    send_frame(type, head, hlen, f.p + 1, f.len - 1);
    free(f.p);
}

/* /proc/PID/stat into buf, NUL-terminated; the text after the command's closing ')', or NULL. */
static char *proc_stat(int pid, char *buf, size_t size) {
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/stat", pid);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return NULL;
    ssize_t r = read(fd, buf, size - 1);
    close(fd);
    if (r <= 0) return NULL;
    buf[r] = 0;
    return strrchr(buf, ')');
}

/* ---------- processes ---------- */
static struct proc *proc_by_id(int id) {
    for (int i = 0; i < MAXPROC; i++) if (procs[i].used && procs[i].id == id) return &procs[i];
    return NULL;
}
static struct proc *proc_by_pid(int pid) {
    for (int i = 0; i < MAXPROC; i++) if (procs[i].used && procs[i].pid == pid) return &procs[i];
    return NULL;
}
static struct stream *stream_get(int id, int create) {
    struct stream *free_slot = NULL;
    for (int i = 0; i < MAXSTREAM; i++) {
        if (streams[i].used && streams[i].id == id) return &streams[i];
        if (!streams[i].used && !free_slot) free_slot = &streams[i];
    }
    if (!create || !free_slot) return NULL;
    int p[2];
    if (pipe2(p, O_CLOEXEC) < 0) return NULL;
    fcntl(p[0], F_SETFL, O_NONBLOCK);
    free_slot->used = 1; free_slot->id = id; free_slot->rfd = p[0]; free_slot->wfd = p[1];
    return free_slot;
}

static uint32_t rd32(const uint8_t **p) { uint32_t v; memcpy(&v, *p, 4); *p += 4; return v; }
static uint64_t rd64(const uint8_t **p) { uint64_t v; memcpy(&v, *p, 8); *p += 8; return v; }

static void set_limit(int res, uint64_t v) {
    if (v == 0) return;
    struct rlimit rl = { (rlim_t)v, (rlim_t)v };
    setrlimit(res, &rl);
}

/* SPAWN payload:
 * u32 id, u32 barrier(0 none), i32 stdout_stream, i32 stderr_stream,
 *   (stream ids: >=0 a stream; -1 /dev/null; -2 a pipe whose reader is gone)
 * u32 stdin_mode (0 pipe fed by us, 1 /dev/null), u32 uid, u32 gid (uid ~0 = keep),
 * u64 cpu_s, u64 as_bytes, u64 fsize_bytes, u64 nofile, u64 nproc, u64 cpumask (0 any),
 * u32 argc, u32 envc, then NUL-terminated: cwd, argv..., env... */
/* ---------- alarms: a pending alarm() or ITIMER_REAL of a test process ----------
 * No file of a process shows its alarm (/proc/PID/stat's itrealvalue is always 0, /proc/PID/timers
 * lists POSIX timers only). /proc/timer_list (root only) lists every pending hrtimer, an alarm as
 * "it_real_fn" at its process's signal struct, whose address it prints hashed (%pK), with the
 * expiry, but no pid. So each test process, forked and still root, sets an ITIMER_REAL of its own
 * far off at a moment no other timer has, finds it there to learn that address, and cancels it
 * before exec; the signal struct, like a real alarm, lasts across exec, so the init then knows
 * that process's alarm by the address. What a test process forks has a new signal struct:
 * unknown, as is every alarm when timer_list cannot be read (not root) or shows no addresses. */
#define ALARM_ID 32
static char (*alarm_ids)[ALARM_ID]; /* one per procs slot, shared with the children (mmap) */
static struct sb timers_now;       /* /proc/timer_list as last read (timers_refresh) */

/* Each "it_real_fn" timer of timer_list text: its address token (in out, NUL-terminated) and soft
 * expiry (CLOCK_MONOTONIC ns). Returns where to go on, or NULL at the end. */
static const char *next_alarm(const char *t, char *out, unsigned long long *expires) {
    for (const char *l = t; l && *l; l = strchr(l, '\n'), l = l ? l + 1 : NULL) {
        const char *lt = strchr(l, '<'), *eol = strchr(l, '\n');
        const char *fn = strstr(l, ">, it_real_fn,");
        if (!lt || !fn || (eol && fn > eol) || lt > fn || fn - lt - 1 >= ALARM_ID) continue;
        memcpy(out, lt + 1, (size_t)(fn - lt - 1));
        out[fn - lt - 1] = 0;
        if (!eol || sscanf(eol + 1, " # expires at %llu", expires) != 1) continue;
        return eol + 1;
    }
    return NULL;
}

/* In a test process before exec, as root: its alarm address into out ("" when it cannot be told). */
static void learn_alarm_id(char *out) {
    struct timespec a, b;
    out[0] = 0;
    clock_gettime(CLOCK_MONOTONIC, &a);
    /* about 11.6 days ahead, to the microsecond of now: no other timer expires in that window */
    struct itimerval it = {{0, 0}, {1000000, a.tv_nsec / 1000}}, off = {{0, 0}, {0, 0}};
    if (setitimer(ITIMER_REAL, &it, NULL) < 0) return;
    clock_gettime(CLOCK_MONOTONIC, &b);
    struct sb t = read_file("/proc/timer_list", 4 << 20);
    setitimer(ITIMER_REAL, &off, NULL);
    if (!t.p) return;
    t.p[t.len] = 0;
    unsigned long long v = 1000000ull * 1000000000ull + (unsigned long long)(a.tv_nsec / 1000) * 1000ull;
    unsigned long long lo = (unsigned long long)a.tv_sec * 1000000000ull + (unsigned long long)a.tv_nsec + v - 1000000ull;
    unsigned long long hi = (unsigned long long)b.tv_sec * 1000000000ull + (unsigned long long)b.tv_nsec + v + 1000000ull;
    char id[ALARM_ID];
    unsigned long long exp;
    int found = 0;
    for (const char *c = t.p; (c = next_alarm(c, id, &exp));) {
        if (exp < lo || exp > hi) continue;
        if (found++) break; /* two in the window: not ours alone */
        memcpy(out, id, ALARM_ID);
    }
    /* kptr_restrict=2 prints every address as zeros: no use */
    if (found != 1 || strspn(out, "0") == strlen(out)) out[0] = 0;
    free(t.p);
}

/* Reads timer_list again when some test process's alarm address is known. */
static void timers_refresh(void) {
    free(timers_now.p);
    timers_now = (struct sb){0};
    int any = 0;
    for (int i = 0; alarm_ids && i < MAXPROC; i++) if (procs[i].used && alarm_ids[i][0]) any = 1;
    if (!any) return;
    timers_now = read_file("/proc/timer_list", 4 << 20);
    if (timers_now.p) timers_now.p[timers_now.len] = 0;
}

/* ns until pid's alarm, as timer_list was last read: 0 none pending, -1 cannot be known. */
static long long alarm_left_ns(int pid) {
    struct proc *pr = proc_by_pid(pid);
    const char *want = pr && alarm_ids ? alarm_ids[pr - procs] : "";
    if (!want[0] || !timers_now.p) return -1;
    char id[ALARM_ID];
    unsigned long long exp, now = now_ns();
    for (const char *c = timers_now.p; (c = next_alarm(c, id, &exp));)
        if (!strcmp(id, want)) return exp > now ? (long long)(exp - now) : 1;
    return 0;
}

static void do_spawn(const uint8_t *p, size_t len) {
    const uint8_t *end = p + len;
    if (len < 4 * 7 + 8 * 6 + 8) return;
    int id = (int)rd32(&p), barrier = (int)rd32(&p);
    int out_s = (int)rd32(&p), err_s = (int)rd32(&p);
    uint32_t stdin_mode = rd32(&p), uid = rd32(&p), gid = rd32(&p);
    int traced = (stdin_mode & 2) != 0; /* bit 1: traced from its exec on (see "tracing") */
    stdin_mode &= 1;
    uint64_t cpu = rd64(&p), as = rd64(&p), fsz = rd64(&p), nofile = rd64(&p), nproc = rd64(&p);
    uint64_t cpumask = rd64(&p);
    uint32_t argc = rd32(&p), envc = rd32(&p);
    char **strs = calloc(argc + envc + 3, sizeof(char *));
    const char *cursor = (const char *)p;
    for (uint32_t i = 0; i < 1 + argc + envc; i++) {
        if ((const uint8_t *)cursor >= end) { free(strs); return; }
        strs[i] = (char *)cursor;
        cursor += strlen(cursor) + 1;
    }
    char *cwd = strs[0];
    char **argv = calloc(argc + 1, sizeof(char *));
    char **envp = calloc(envc + 1, sizeof(char *));
    for (uint32_t i = 0; i < argc; i++) argv[i] = strs[1 + i];
    for (uint32_t i = 0; i < envc; i++) envp[i] = strs[1 + argc + i];

    struct proc *slot = NULL;
    for (int i = 0; i < MAXPROC; i++) if (!procs[i].used) { slot = &procs[i]; break; }
    struct stream *so = out_s >= 0 ? stream_get(out_s, 1) : NULL;
    struct stream *se = err_s >= 0 ? stream_get(err_s, 1) : NULL;
    int inp[2] = {-1, -1}, errp[2] = {-1, -1}, broken[2] = {-1, -1};
    if (!slot || (out_s >= 0 && !so) || (err_s >= 0 && !se)) {
        errno = EMFILE; send_error("spawn: no slot"); goto out;
    }
    if (stdin_mode == 0 && pipe2(inp, O_CLOEXEC) < 0) { send_error("pipe2 stdin"); goto out; }
    if (pipe2(errp, O_CLOEXEC) < 0) { send_error("pipe2 err"); goto out; }
    if ((out_s == -2 || err_s == -2) && pipe2(broken, O_CLOEXEC) < 0) { send_error("pipe2"); goto out; }
    if (broken[0] >= 0) { close(broken[0]); broken[0] = -1; }
    if (barrier < 0 || barrier >= MAXBARRIER) barrier = 0;
    if (barrier && barriers[barrier][1] < 0) {
        if (pipe2(barriers[barrier], O_CLOEXEC) < 0) { send_error("pipe2 barrier"); goto out; }
    }

    if (!alarm_ids) {
        void *m = mmap(NULL, sizeof *alarm_ids * MAXPROC, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
        if (m != MAP_FAILED) alarm_ids = m;
    }
    if (alarm_ids) alarm_ids[slot - procs][0] = 0;
    pid_t pid = fork();
    if (pid < 0) { send_error("fork"); goto out; }
    if (pid == 0) {
        sigset_t none; sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, NULL);
        for (int s = 1; s < NSIG; s++) if (s != SIGKILL && s != SIGSTOP) signal(s, SIG_DFL);
        setpgid(0, 0);
        memcg_join();
        int fd0 = stdin_mode == 0 ? inp[0] : devnull;
        int fd1 = out_s >= 0 ? so->wfd : out_s == -2 ? broken[1] : devnull;
        int fd2 = err_s >= 0 ? se->wfd : err_s == -2 ? broken[1] : devnull;
        /* dup2 onto 0..2; a source fd already at its target keeps its CLOEXEC, so dup via 10+ */
        int t0 = fcntl(fd0, F_DUPFD, 10), t1 = fcntl(fd1, F_DUPFD, 10), t2 = fcntl(fd2, F_DUPFD, 10);
        int te = fcntl(errp[1], F_DUPFD, 10), tb = barrier ? fcntl(barriers[barrier][0], F_DUPFD, 10) : -1;
        dup2(t0, 0); dup2(t1, 1); dup2(t2, 2); dup2(te, 3);
        if (tb >= 0) dup2(tb, 4);
        /* hold no other process's pipe ends while waiting at a barrier */
        close_range(tb >= 0 ? 5 : 4, ~0U, 0);
        fcntl(3, F_SETFD, FD_CLOEXEC);
        if (tb >= 0) {
            char c;
            while (read(4, &c, 1) < 0 && errno == EINTR) {}
            close(4);
        }
        errp[1] = 3;
        set_affinity(cpumask);
        set_limit(RLIMIT_CPU, cpu); set_limit(RLIMIT_AS, as); set_limit(RLIMIT_FSIZE, fsz);
        set_limit(RLIMIT_NOFILE, nofile); set_limit(RLIMIT_NPROC, nproc);
        struct rlimit core0 = {0, 0}; setrlimit(RLIMIT_CORE, &core0);
        int err;
        if (chdir(cwd) < 0) { err = errno; write(errp[1], "C", 1); write(errp[1], &err, sizeof err); _exit(127); }
        if (alarm_ids && geteuid() == 0) learn_alarm_id(alarm_ids[slot - procs]);
        if (isolated ? drop_privileges(uid, gid) < 0 : uid != 0xffffffffu &&
            (setgroups(0, NULL) < 0 || setresgid(gid, gid, gid) < 0 || setresuid(uid, uid, uid) < 0)) {
            err = errno; write(errp[1], "U", 1); write(errp[1], &err, sizeof err); _exit(127);
        }
        prctl(PR_SET_PDEATHSIG, 0);
        if (traced) raise(SIGSTOP); /* the init attaches strace, then continues us */
        extern char **environ;
        environ = envp;
        execvp(argv[0], argv);
        err = errno; write(errp[1], "E", 1); write(errp[1], &err, sizeof err);
        _exit(127);
    }
    memset(slot, 0, sizeof *slot);
    slot->used = 1; slot->id = id; slot->pid = pid; slot->stdin_fd = -1;
    if (stdin_mode == 0) {
        slot->stdin_fd = inp[1]; inp[1] = -1;
        struct stat pst;
        if (fstat(slot->stdin_fd, &pst) == 0) { slot->stdin_dev = (unsigned long long)pst.st_dev; slot->stdin_ino = (unsigned long long)pst.st_ino; }
        fcntl(slot->stdin_fd, F_SETFL, O_NONBLOCK);
    }
    slot->errpipe = errp[0]; errp[0] = -1;
    if (traced) trace_register(id, pid);
    fcntl(slot->errpipe, F_SETFL, O_NONBLOCK);
    {
        uint8_t ev[16]; uint64_t t = now_ns(); uint32_t uid32 = (uint32_t)id; int32_t p32 = pid;
        memcpy(ev, &uid32, 4); memcpy(ev + 4, &p32, 4); memcpy(ev + 8, &t, 8);
        send_frame(E_SPAWNED, ev, 16, NULL, 0);
    }
out:
    if (inp[0] >= 0) close(inp[0]);
    if (inp[1] >= 0) close(inp[1]);
    if (errp[0] >= 0) close(errp[0]);
    if (errp[1] >= 0) close(errp[1]);
    if (broken[1] >= 0) close(broken[1]);
    free(strs); free(argv); free(envp);
}

static void close_stdin(struct proc *pr) {
    if (pr->stdin_fd >= 0) close(pr->stdin_fd);
    pr->stdin_fd = -1;
    while (pr->head) { struct chunk *c = pr->head; pr->head = c->next; free(c); }
    pr->tail = NULL;
    pr->stdin_close_pending = 0;
}

static void flush_stdin(struct proc *pr) {
    while (pr->head && pr->stdin_fd >= 0) {
        struct chunk *c = pr->head;
        ssize_t n = write(pr->stdin_fd, c->data + c->off, c->len - c->off);
        if (n < 0) {
            if (errno == EAGAIN || errno == EINTR) return;
            close_stdin(pr); /* EPIPE: the reader is gone; drop what is left */
            return;
        }
        c->off += (size_t)n;
        if (c->off == c->len) { pr->head = c->next; if (!pr->head) pr->tail = NULL; free(c); }
    }
    if (!pr->head && pr->stdin_close_pending) close_stdin(pr);
}

/* ---------- processes that belong to this test ---------- */
struct pinfo { int pid, ppid; };

static int list_pids(struct pinfo *out, int max) {
    DIR *d = opendir("/proc");
    if (!d) return 0;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) && n < max) {
        if (e->d_name[0] < '0' || e->d_name[0] > '9') continue;
        int pid = atoi(e->d_name);
        char buf[512];
        char *rp = proc_stat(pid, buf, sizeof buf);
        if (!rp) continue;
        int ppid = 0;
        char st;
        if (sscanf(rp + 2, "%c %d", &st, &ppid) != 2) continue;
        out[n].pid = pid; out[n].ppid = ppid; n++;
    }
    closedir(d);
    return n;
}

/* Descendants of this init (in a PID namespace, every process but us). */
static int descendants(int *out, int max) {
    static struct pinfo all[8192];
    int n = list_pids(all, 8192), m = 0;
    if (isolated) {
        for (int i = 0; i < n && m < max; i++) if (all[i].pid != self_pid && !is_hog(all[i].pid) && !is_tracer(all[i].pid)) out[m++] = all[i].pid;
        return m;
    }
    /* fallback: walk the parent links up to us */
    for (int i = 0; i < n && m < max; i++) {
        int cur = all[i].ppid, hops = 0;
        if (all[i].pid == self_pid || is_hog(all[i].pid) || is_tracer(all[i].pid)) continue;
        while (cur > 1 && cur != self_pid && hops++ < 64) {
            int found = 0;
            for (int j = 0; j < n; j++) if (all[j].pid == cur) { cur = all[j].ppid; found = 1; break; }
            if (!found) break;
        }
        if (cur == self_pid) out[m++] = all[i].pid;
    }
    return m;
}

static void reap(void) {
    for (;;) {
        siginfo_t si;
        memset(&si, 0, sizeof si);
        if (waitid(P_ALL, 0, &si, WEXITED | WNOHANG | WNOWAIT) < 0 || si.si_pid == 0) return;
        int pid = si.si_pid;
        char comm[64] = "?";
        size_t comm_len = 1;
        {
            /* the kernel ends comm with one newline; a comm may hold newlines of its own */
            char path[64];
            snprintf(path, sizeof path, "/proc/%d/comm", pid);
            int fd = open(path, O_RDONLY | O_CLOEXEC);
            if (fd >= 0) {
                ssize_t r = read(fd, comm, sizeof comm);
                close(fd);
                if (r > 0) comm_len = (size_t)r - (comm[r - 1] == '\n');
            }
        }
        int status = 0;
        struct rusage ru;
        memset(&ru, 0, sizeof ru);
        if (wait4(pid, &status, WNOHANG, &ru) <= 0) return;
        uint64_t t = now_ns();
        struct proc *pr = proc_by_pid(pid);
        if (is_hog(pid)) {
            for (int i = 0; i < nhogs; i++) if (hogs[i] == pid) hogs[i] = hogs[--nhogs];
            continue;
        }
        if (trace_reaped(pid)) continue;
        if (pr) {
            uint8_t ev[40];
            uint32_t id = (uint32_t)pr->id; int32_t p32 = pid, st = status;
            uint64_t ut = (uint64_t)ru.ru_utime.tv_sec * 1000000 + (uint64_t)ru.ru_utime.tv_usec;
            uint64_t stt = (uint64_t)ru.ru_stime.tv_sec * 1000000 + (uint64_t)ru.ru_stime.tv_usec;
            memcpy(ev, &id, 4); memcpy(ev + 4, &p32, 4); memcpy(ev + 8, &st, 4);
            memcpy(ev + 12, &t, 8); memcpy(ev + 20, &ut, 8); memcpy(ev + 28, &stt, 8);
            /* an exec failure reported through errpipe arrives before the exit */
            if (pr->errpipe >= 0) {
                char kind; int err;
                if (read(pr->errpipe, &kind, 1) == 1 && read(pr->errpipe, &err, sizeof err) == sizeof err) {
                    uint8_t fe[9]; memcpy(fe, &id, 4); fe[4] = (uint8_t)kind; memcpy(fe + 5, &err, 4);
                    send_frame(E_EXECFAIL, fe, 9, NULL, 0);
                }
                close(pr->errpipe); pr->errpipe = -1;
            }
            send_frame(E_EXITED, ev, 36, NULL, 0);
            close_stdin(pr);
            pr->used = 0;
        } else {
            uint8_t ev[16]; int32_t p32 = pid, st = status;
            memcpy(ev, &p32, 4); memcpy(ev + 4, &st, 4); memcpy(ev + 8, &t, 8);
            send_text(E_ORPHAN, ev, 16, comm, comm_len);
        }
    }
}

static void drain_stream(struct stream *s) {
    char buf[65536];
    for (int round = 0; round < 16; round++) { /* bounded: a flood must not starve commands */
        ssize_t n = read(s->rfd, buf, sizeof buf);
        if (n <= 0) return;
        uint8_t hdr[12]; uint32_t id = (uint32_t)s->id; uint64_t t = now_ns();
        memcpy(hdr, &id, 4); memcpy(hdr + 4, &t, 8);
        send_frame(E_DATA, hdr, 12, buf, (size_t)n);
        if ((size_t)n < sizeof buf) return;
    }
}

static void drain_all_streams(void) {
    for (int i = 0; i < MAXSTREAM; i++) if (streams[i].used) drain_stream(&streams[i]);
}

/* ---------- snapshot ----------
 * Records (parsed by harness/observe/snapshot.ts), every field written by sb_field:
 *   time NS | msg|shm|sem WORD... (a /proc/sysvipc row) | semval ID V/NCNT/ZCNT...
 *   shmfs NAME SIZE UID MODE INODE | mqueue NAME SIZE UID MODE INODE CONTENT
 *   mqattr /NAME CUR MAX MSGSIZE | proc PID COMM STATE PPID ... (the rest of /proc/PID/stat)
 *   syscall PID WORD... | wchan PID SYMBOL | cmdline PID BYTES | sched PID RUN DELAY SLICES BOOT
 *   alarm PID NS (ns until its alarm; 0 none pending, -1 cannot be known: alarm_left_ns)
 *   reaped TICKS | quota PATH USED TOTAL | memcg LIMIT PEAK OOM_KILLS
 *   fd PID FD FLAGS PENDING CAPACITY DEV INODE TYPE TARGET | map PID RANGE PERMS OFFSET DEV INODE PATH
 *   task PID TID STATE SYSCALL-WORDS... | io PID RCHAR WCHAR | stream ID out|in DEV INODE | end
 *   work NAME TYPE SIZE (flag 2, instead of all the others but time and end: the work folder)
 * Flag 1 (deep) adds fd, map, task, io and stream records; flag 4 (threads) adds task records. */

/* One record per entry of a folder of POSIX objects (/dev/shm, an mqueue mount). */
static void snap_dir(struct sb *s, const char *tag, const char *dir, int with_content) {
    DIR *d = opendir(dir);
    if (!d) return;
    struct dirent *e;
    while ((e = readdir(d))) {
        /* only . and ..: "/.name" is an object like any other */
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        struct stat st;
        if (lstat(path, &st) < 0) continue;
        sb_printf(s, "%s", tag);
        sb_fieldz(s, e->d_name);
        sb_printf(s, " %lld %u %o %llu", (long long)st.st_size, st.st_uid, st.st_mode, (unsigned long long)st.st_ino);
        if (with_content) {
            struct sb c = read_file(path, 256);
            sb_field(s, c.p, c.len);
            free(c.p);
        }
        sb_add(s, "\n", 1);
    }
    closedir(d);
}

/* Each row of a /proc/sysvipc table, after its header, as a record of its words. */
static void snap_sysv(struct sb *s, const char *tag, const char *path) {
    struct sb t = read_file(path, 1 << 24);
    const char *end = t.p + t.len;
    const char *row = t.len ? memchr(t.p, '\n', t.len) : NULL;
    while (row && ++row < end) {
        const char *nl = memchr(row, '\n', (size_t)(end - row));
        if (!nl) nl = end;
        if (nl > row) {
            sb_printf(s, "%s", tag);
            sb_words(s, row, (size_t)(nl - row));
            sb_add(s, "\n", 1);
        }
        row = nl;
    }
    free(t.p);
}

/* Semaphore values and waiter counts are not in /proc: ask the kernel. */
static void snap_semvals(struct sb *s) {
    struct sb t = read_file("/proc/sysvipc/sem", 1 << 24);
    if (!t.len) { free(t.p); return; }
    t.p[t.len] = 0;
    char *save = NULL, *line = strtok_r(t.p, "\n", &save);
    while ((line = strtok_r(NULL, "\n", &save))) {
        long long key; int semid, perms, nsems;
        if (sscanf(line, "%lld %d %o %d", &key, &semid, &perms, &nsems) != 4) continue;
        if (nsems <= 0 || nsems > 4096) continue;
        sb_printf(s, "semval %d", semid);
        for (int i = 0; i < nsems; i++) {
            int v = semctl(semid, i, GETVAL), nc = semctl(semid, i, GETNCNT), zc = semctl(semid, i, GETZCNT);
            sb_printf(s, " %d/%d/%d", v, nc, zc);
        }
        sb_add(s, "\n", 1);
    }
    free(t.p);
}

static void snap_mqattr(struct sb *s) {
    DIR *d = opendir(mqdir);
    struct dirent *e;
    while (d && (e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
        char name[300];
        snprintf(name, sizeof name, "/%s", e->d_name);
        mqd_t q = mq_open(name, O_RDONLY | O_NONBLOCK);
        if (q == (mqd_t)-1) continue;
        struct mq_attr a;
        if (mq_getattr(q, &a) == 0) {
            sb_printf(s, "mqattr");
            sb_fieldz(s, name);
            sb_printf(s, " %ld %ld %ld\n", a.mq_curmsgs, a.mq_maxmsg, a.mq_msgsize);
        }
        mq_close(q);
    }
    if (d) closedir(d);
}

/* A record "TAG PID FIELD" with the bytes of DIR/FILE as one field, or its words as fields. */
static void snap_proc_file(struct sb *s, const char *tag, int pid, const char *dir, const char *file, size_t max, int words) {
    char path[128];
    snprintf(path, sizeof path, "%s/%s", dir, file);
    struct sb c = read_file(path, max);
    size_t n = c.len;
    if (!words && n && c.p[n - 1] == '\n') n--; /* the kernel's own line end */
    sb_printf(s, "%s %d", tag, pid);
    if (words) sb_words(s, c.p, n); else sb_field(s, c.p, n);
    sb_add(s, "\n", 1);
    free(c.p);
}

/* DIR/schedstat (DIR: /proc/PID or a thread's folder): ns on a CPU, ns runnable but waiting for
 * one, timeslices. 0 when read, -1 when unreadable (gone, or no CONFIG_SCHED_INFO). */
static int read_schedstat(const char *dir, unsigned long long *run, unsigned long long *delay, unsigned long long *slices) {
    char path[96];
    snprintf(path, sizeof path, "%s/schedstat", dir);
    struct sb c = read_file(path, 256);
    int ok = c.p && (c.p[c.len] = 0, sscanf(c.p, "%llu %llu %llu", run, delay, slices) == 3);
    free(c.p);
    return ok ? 0 : -1;
}

/* "sched PID RUN_NS DELAY_NS SLICES BOOT_NS": schedstat (time on a CPU, time runnable but
 * waiting for one, timeslices) and the boot-time clock now, which ages the process by stat's
 * start time: a starved process and a busy loop both look "running"; these tell them apart. */
static void snap_sched(struct sb *s, int pid, const char *dir) {
    unsigned long long run, delay, slices;
    struct timespec boot;
    if (read_schedstat(dir, &run, &delay, &slices) == 0 && clock_gettime(CLOCK_BOOTTIME, &boot) == 0)
        sb_printf(s, "sched %d %llu %llu %llu %llu\n", pid, run, delay, slices,
                  (unsigned long long)boot.tv_sec * 1000000000ull + (unsigned long long)boot.tv_nsec);
}

/* "reaped TICKS": the CPU time of every process the init has reaped (its cutime + cstime), so
 * that what a test's exited processes used counts as the test's, not the rest of the machine's. */
static void snap_reaped(struct sb *s) {
    struct sb st = read_file("/proc/self/stat", 4096);
    char *close_p = st.len ? memrchr(st.p, ')', st.len) : NULL;
    long long cut, cst;
    if (close_p) st.p[st.len] = 0;
    /* after comm: state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime cutime cstime */
    if (close_p && sscanf(close_p + 1, " %*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %*u %*u %lld %lld", &cut, &cst) == 2 && cut >= 0 && cst >= 0)
        sb_printf(s, "reaped %lld\n", cut + cst);
    free(st.p);
}

/* " DEV INODE TYPE" of what a descriptor refers to, by stat() through its /proc link: that follows
 * the link without opening it (opening a FIFO could wake a blocked open). "- - -" when stat fails. */
static void fd_identity(struct sb *s, const char *lpath, const char *target) {
    struct stat st;
    if (stat(lpath, &st) < 0) { sb_printf(s, " - - -"); return; }
    mode_t m = st.st_mode;
    const char *type = S_ISFIFO(m) ? (strncmp(target, "pipe:[", 6) ? "fifo" : "pipe")
        : S_ISREG(m) ? "file" : S_ISDIR(m) ? "dir" : S_ISSOCK(m) ? "socket"
        : S_ISCHR(m) ? "char" : S_ISBLK(m) ? "block" : "other";
    sb_printf(s, " %llu %llu %s", (unsigned long long)st.st_dev, (unsigned long long)st.st_ino, type);
}

/* Open descriptors, to say who holds which end of a pipe. */
static void snap_fds(struct sb *s, int pid, const char *dir) {
    char dpath[96];
    snprintf(dpath, sizeof dpath, "%s/fd", dir);
    DIR *d = opendir(dpath);
    if (!d) return;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.') continue;
        char lpath[512], target[4096], ipath[512], info[512];
        snprintf(lpath, sizeof lpath, "%s/%s", dpath, e->d_name);
        ssize_t r = readlink(lpath, target, sizeof target - 1);
        if (r < 0) continue;
        target[r] = 0;
        unsigned flagsv = 0;
        snprintf(ipath, sizeof ipath, "%s/fdinfo/%s", dir, e->d_name);
        int fd = open(ipath, O_RDONLY | O_CLOEXEC);
        if (fd >= 0) {
            ssize_t k = read(fd, info, sizeof info - 1);
            close(fd);
            if (k > 0) { info[k] = 0; char *f = strstr(info, "flags:"); if (f) sscanf(f + 6, "%o", &flagsv); }
        }
        /* an anonymous pipe: how full is it? (reopening a FIFO could wake a blocked open: not those) */
        long avail = -1, cap = -1;
        if (!strncmp(target, "pipe:", 5)) {
            int pfd = open(lpath, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
            if (pfd >= 0) {
                int n = 0;
                if (ioctl(pfd, FIONREAD, &n) == 0) avail = n;
                cap = fcntl(pfd, F_GETPIPE_SZ);
                close(pfd);
            }
        }
        sb_printf(s, "fd %d", pid);
        sb_fieldz(s, e->d_name);
        sb_printf(s, " %o %ld %ld", flagsv, avail, cap);
        fd_identity(s, lpath, target);
        sb_field(s, target, (size_t)r);
        sb_add(s, "\n", 1);
    }
    closedir(d);
}

#define MAXMAPS 64 /* map records per process (Node alone maps a dozen files writable) */
struct map_line { char *line; int at; };

/* Mappings with a path: every shared one (to name the semaphore behind a futex, to prove memory
 * is shared), then private writable ones of a file (to say "your mapping is private"), at most
 * MAXMAPS in all: the shared ones first, so a program's libraries never crowd them out. */
static void snap_maps(struct sb *s, int pid, const char *dir) {
    char mpath[96];
    snprintf(mpath, sizeof mpath, "%s/maps", dir);
    struct sb m = read_file(mpath, 1 << 20);
    if (!m.len) { free(m.p); return; }
    m.p[m.len] = 0;
    struct map_line shared[MAXMAPS], priv[MAXMAPS];
    int ns = 0, np = 0;
    char *save = NULL;
    for (char *line = strtok_r(m.p, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        char perms[8] = "";
        int at = 0;
        /* range perms offset dev inode, padding, then the path (which may hold spaces) */
        if (sscanf(line, "%*s %7s %*s %*s %*s %n", perms, &at) != 1 || strlen(perms) != 4 || !at || !line[at]) continue;
        if (perms[3] == 's' && ns < MAXMAPS) shared[ns++] = (struct map_line){line, at};
        else if (perms[3] == 'p' && perms[1] == 'w' && line[at] == '/' && np < MAXMAPS) priv[np++] = (struct map_line){line, at};
    }
    for (int i = 0; i < ns + np && i < MAXMAPS; i++) {
        struct map_line *l = i < ns ? &shared[i] : &priv[i - ns];
        sb_printf(s, "map %d", pid);
        sb_words(s, l->line, (size_t)l->at);
        sb_fieldz(s, l->line + l->at);
        sb_add(s, "\n", 1);
    }
    free(m.p);
}

#define MAXTASKS 64 /* task records per process */
/* "task PID TID STATE SYSCALL-WORDS..." for each thread but the one whose state and syscall are
 * the proc and syscall records (the main one, or `shown` when that one has left): a TypeScript
 * program may block in a worker. */
static void snap_threads(struct sb *s, int pid, int shown) {
    char dpath[64];
    snprintf(dpath, sizeof dpath, "/proc/%d/task", pid);
    DIR *d = opendir(dpath);
    struct dirent *e;
    int n = 0;
    while (d && n < MAXTASKS && (e = readdir(d))) {
        int tid = atoi(e->d_name);
        if (tid <= 0 || tid == shown) continue;
        char path[128];
        snprintf(path, sizeof path, "%s/%d/stat", dpath, tid);
        struct sb st = read_file(path, 1024);
        char *close_p = st.len ? memrchr(st.p, ')', st.len) : NULL;
        char state = close_p && close_p + 2 < st.p + st.len ? close_p[2] : 0;
        free(st.p);
        if (!((state >= 'A' && state <= 'Z') || (state >= 'a' && state <= 'z'))) continue; /* gone already */
        snprintf(path, sizeof path, "%s/%d/syscall", dpath, tid);
        struct sb sc = read_file(path, 512);
        sb_printf(s, "task %d %d %c", pid, tid, state);
        sb_words(s, sc.p, sc.len);
        sb_add(s, "\n", 1);
        free(sc.p);
        n++;
    }
    if (d) closedir(d);
}

/* "io PID RCHAR WCHAR": bytes the process passed to read-like and write-like calls (/proc/PID/io). */
static void snap_io(struct sb *s, int pid, const char *dir) {
    char path[96];
    snprintf(path, sizeof path, "%s/io", dir);
    struct sb c = read_file(path, 512);
    unsigned long long r, w;
    if (c.len && (c.p[c.len] = 0, sscanf(c.p, "rchar: %llu wchar: %llu", &r, &w) == 2))
        sb_printf(s, "io %d %llu %llu\n", pid, r, w);
    free(c.p);
}

/* "stream ID ROLE DEV INODE": the pipes this init holds for the test, so that a check can tell a
 * descriptor is the test's own stream: each stdout/stderr stream (its read end, role out) and the
 * stdin pipe of each process (role in, ID the process's id), also once the init has closed its
 * write end: a process that reads it is still reading the test's input. */
static void snap_streams(struct sb *s) {
    struct stat st;
    for (int i = 0; i < MAXSTREAM; i++)
        if (streams[i].used && fstat(streams[i].rfd, &st) == 0)
            sb_printf(s, "stream %d out %llu %llu\n", streams[i].id, (unsigned long long)st.st_dev, (unsigned long long)st.st_ino);
    for (int i = 0; i < MAXPROC; i++)
        if (procs[i].used && procs[i].stdin_ino)
            sb_printf(s, "stream %d in %llu %llu\n", procs[i].id, procs[i].stdin_dev, procs[i].stdin_ino);
}

/* The folder whose files describe pid: "/proc/PID", or, when its main thread has left
 * (pthread_exit) while other threads run on, a live thread's "/proc/PID/task/TID": /proc/PID/stat
 * then says zombie, and the leader's own call, schedstat, fd table and memory are gone. `*st` is
 * the state from /proc/PID/stat, replaced by that thread's; returns the thread shown (pid when it
 * is the main one). */
static int proc_dir(int pid, char *st, char *dir, size_t size) {
    snprintf(dir, size, "/proc/%d", pid);
    if (*st != 'Z') return pid;
    char path[64], buf[1024];
    int shown = pid;
    snprintf(path, sizeof path, "/proc/%d/task", pid);
    DIR *d = opendir(path);
    for (struct dirent *e; d && (e = readdir(d));) {
        int tid = atoi(e->d_name);
        if (tid <= 0 || tid == pid) continue;
        snprintf(path, sizeof path, "/proc/%d/task/%d/stat", pid, tid);
        int fd = open(path, O_RDONLY | O_CLOEXEC);
        ssize_t r = fd >= 0 ? read(fd, buf, sizeof buf - 1) : -1;
        if (fd >= 0) close(fd);
        if (r <= 0) continue;
        buf[r] = 0;
        char *rp = strrchr(buf, ')');
        if (!rp || rp[1] != ' ' || rp[2] == 'Z' || rp[2] == 'X' || !rp[2]) continue;
        *st = rp[2];
        snprintf(dir, size, "/proc/%d/task/%d", pid, tid);
        shown = tid;
        break;
    }
    if (d) closedir(d);
    return shown;
}

static void snap_process(struct sb *s, int pid, uint32_t flags) {
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/stat", pid);
    struct sb st = read_file(path, 4096);
    /* comm is what lies between the first '(' and the last ')': it may hold either */
    char *open_p = st.len ? memchr(st.p, '(', st.len) : NULL;
    char *close_p = st.len ? memrchr(st.p, ')', st.len) : NULL;
    int alive = open_p && close_p && close_p > open_p;
    char dir[64];
    int shown = pid;
    if (alive && close_p + 2 < st.p + st.len && close_p[1] == ' ') shown = proc_dir(pid, &close_p[2], dir, sizeof dir);
    else snprintf(dir, sizeof dir, "/proc/%d", pid);
    if (alive) {
        sb_printf(s, "proc %d", pid);
        sb_field(s, open_p + 1, (size_t)(close_p - open_p - 1));
        sb_words(s, close_p + 1, (size_t)(st.p + st.len - close_p - 1));
        sb_add(s, "\n", 1);
    }
    free(st.p);
    if (!alive) return; /* gone already */
    snap_proc_file(s, "syscall", pid, dir, "syscall", 512, 1);
    snap_proc_file(s, "wchan", pid, dir, "wchan", 256, 0);
    snap_proc_file(s, "cmdline", pid, dir, "cmdline", 1024, 0);
    snap_sched(s, pid, dir);
    sb_printf(s, "alarm %d %lld\n", pid, alarm_left_ns(pid));
    if (flags & 1) { snap_fds(s, pid, dir); snap_maps(s, pid, dir); snap_io(s, pid, dir); }
    if (flags & (1 | 4)) snap_threads(s, pid, shown);
}

/* Up to max bytes of a file of the test's memory cgroup, NUL-terminated (len 0: unreadable). */
static struct sb memcg_read(const char *file, size_t max) {
    struct sb c = {0};
    int fd = memcg_open(file, O_RDONLY);
    if (fd < 0) return c;
    sb_reserve(&c, max);
    ssize_t n = read(fd, c.p, max);
    c.len = n > 0 ? (size_t)n : 0;
    c.p[c.len] = 0;
    close(fd);
    return c;
}

/* One number from a "key value" line of a cgroup file; -1 when absent. */
static long long cg_stat(const char *file, const char *key) {
    struct sb c = memcg_read(file, 8192);
    long long v = -1;
    if (c.len) {
        size_t k = strlen(key);
        for (char *line = c.p; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL)
            if (!strncmp(line, key, k) && line[k] == ' ') { v = atoll(line + k + 1); break; }
    }
    free(c.p);
    return v;
}

static long long cg_number(const char *file) {
    struct sb c = memcg_read(file, 64);
    long long v = c.len ? atoll(c.p) : -1;
    free(c.p);
    return v;
}

/* "memcg LIMIT PEAK OOM_KILLS": read while the cgroup exists, so an OOM kill is never lost. */
static void snap_memcg(struct sb *s) {
    if (!mem_dir[0]) return;
    long long limit = cg_number(mem_v2 ? "memory.max" : "memory.limit_in_bytes");
    long long peak = cg_number(mem_v2 ? "memory.peak" : "memory.max_usage_in_bytes");
    long long kills = cg_stat(mem_v2 ? "memory.events" : "memory.oom_control", "oom_kill");
    sb_printf(s, "memcg %lld %lld %lld\n", limit, peak, kills < 0 ? 0 : kills);
}

static void snap_quotas(struct sb *s) {
    for (int i = 0; i < nquotas; i++) {
        struct statfs sf;
        if (fstatfs(quotas[i].fd, &sf) < 0) continue;
        sb_printf(s, "quota");
        sb_fieldz(s, quotas[i].path);
        sb_printf(s, " %llu %llu\n", (unsigned long long)(sf.f_blocks - sf.f_bfree) * sf.f_bsize,
                  (unsigned long long)sf.f_blocks * sf.f_bsize);
    }
}

/* The top level of the work folder (a tmpfs of the test's root, gone with it): name, type, size. */
static void snap_work(struct sb *s) {
    DIR *d = workdir ? opendir(workdir) : NULL;
    struct dirent *e;
    while (d && (e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
        char path[4096];
        struct stat st;
        snprintf(path, sizeof path, "%s/%s", workdir, e->d_name);
        if (lstat(path, &st) < 0) continue;
        const char *type = S_ISFIFO(st.st_mode) ? "fifo" : S_ISREG(st.st_mode) ? "file" : S_ISDIR(st.st_mode) ? "dir" : "other";
        sb_printf(s, "work");
        sb_fieldz(s, e->d_name);
        sb_printf(s, " %s %lld\n", type, (long long)st.st_size);
    }
    if (d) closedir(d);
}

static void do_snapshot(const uint8_t *p, size_t len) {
    if (len < 8) return;
    uint32_t req = rd32(&p), flags = rd32(&p);
    struct sb s = {0};
    sb_printf(&s, "time %llu\n", (unsigned long long)now_ns());
    if (flags & 2) {
        snap_work(&s);
        sb_printf(&s, "end\n");
        send_frame(E_SNAPSHOT, &req, 4, s.p, s.len);
        free(s.p);
        return;
    }
    snap_sysv(&s, "msg", "/proc/sysvipc/msg");
    snap_sysv(&s, "shm", "/proc/sysvipc/shm");
    snap_sysv(&s, "sem", "/proc/sysvipc/sem");
    snap_semvals(&s);
    snap_dir(&s, "shmfs", shmdir, 0);
    snap_quotas(&s);
    snap_memcg(&s);
    if (mqdir) {
        snap_dir(&s, "mqueue", mqdir, 1);
        snap_mqattr(&s);
    }
    int pids[4096];
    int n = descendants(pids, 4096);
    timers_refresh();
    for (int i = 0; i < n; i++) snap_process(&s, pids[i], flags);
    if (flags & 1) snap_streams(&s);
    snap_reaped(&s);
    sb_printf(&s, "end\n");
    send_frame(E_SNAPSHOT, &req, 4, s.p, s.len);
    free(s.p);
}

/* ---------- times: CPU and run-queue delay of each process, for load-aware budgets ----------
 * One small frame per sample (harness/observe/times.ts parses it): the host's load and this
 * init's own run-queue delay, then per
 * process "p PID STATE CPU_NS EXEC_NS DELAY_NS QUEUED WAKE SYSCALL-WORDS...". CPU_NS is utime+stime of
 * all threads; EXEC_NS and DELAY_NS are schedstat's (main thread): time on a CPU and time runnable
 * but waiting for one. QUEUED is 1 while this init still holds stdin for the process. WAKE says
 * what could end a sleep by itself that the call does not show (wake_bits). */
enum { C_TIMES = 12, E_TIMES = 12 };
/* A signal to a process the test did not start itself ("the child of main"), by pid: only a
 * descendant of this init, so a stale or forged pid can never reach anything outside the test. */
enum { C_SIGNAL_PID = 13 };

static int stdin_queued(int pid) {
    struct proc *pr = proc_by_pid(pid);
    return pr && pr->stdin_fd >= 0 && pr->head;
}

/* WAKE bits: 1 SIGALRM caught and not blocked (an alarm() or ITIMER_REAL may be pending: no file
 * shows one, /proc/PID/stat's itrealvalue is always 0); 2 a POSIX timer (/proc/PID/timers);
 * 4 a timerfd open; 8 the call is on a socket with SO_RCVTIMEO/SO_SNDTIMEO set for its direction
 * (or that could not be read); 16 it is on a socket with no such timeout; 32 an alarm() or
 * ITIMER_REAL of its own is pending (alarm_left_ns: test processes, as root) and SIGALRM is
 * neither blocked nor ignored: it ends the sleep, by a handler or by ending the process. Looked at
 * only for a process asleep (S): nothing else is a hang. */
#ifdef __x86_64__
/* For a call on a socket (x86_64 numbers; fd is its first argument): 8 when the socket's timeout
 * for that direction is set or unknown, 16 when it is not set, 0 when it is no such call. The
 * timeout is read from a copy of the descriptor (pidfd_getfd, Linux 5.6), closed at once; a process
 * whose main thread has left gives no copy (its pidfd has no fd table): unknown, 8. */
static int socket_timeout_bits(int pid, const char *dir, long nr, int fd) {
    static const long reads[] = {0, 19, 43, 45, 47, 288, 299}, writes[] = {1, 20, 42, 44, 46, 307};
    int opt = 0;
    for (size_t i = 0; i < sizeof reads / sizeof *reads; i++) if (nr == reads[i]) opt = SO_RCVTIMEO;
    for (size_t i = 0; i < sizeof writes / sizeof *writes; i++) if (nr == writes[i]) opt = SO_SNDTIMEO;
    if (!opt) return 0;
    char fp[96], link[64];
    snprintf(fp, sizeof fp, "%s/fd/%d", dir, fd);
    ssize_t n = readlink(fp, link, sizeof link - 1);
    if (n <= 7 || memcmp(link, "socket:", 7)) return 0;
    int bits = 8, pfd = (int)syscall(434 /* pidfd_open */, pid, 0);
    int copy = pfd >= 0 ? (int)syscall(438 /* pidfd_getfd */, pfd, fd, 0) : -1;
    struct timeval tv;
    socklen_t len = sizeof tv;
    if (copy >= 0 && getsockopt(copy, SOL_SOCKET, opt, &tv, &len) == 0 && !tv.tv_sec && !tv.tv_usec) bits = 16;
    if (copy >= 0) close(copy);
    if (pfd >= 0) close(pfd);
    return bits;
}
#endif

/* dir: the folder proc_dir chose (a live thread's when the main one has left: the blocked
 * signals are per thread, and a departed leader has no fd table). */
static int wake_bits(int pid, const char *dir, char state, const char *call) {
    if (state != 'S') return 0;
    char path[96], link[64];
    int bits = 0;
    snprintf(path, sizeof path, "%s/status", dir);
    struct sb st = read_file(path, 4096);
    if (st.p) st.p[st.len] = 0;
    unsigned long long blk = 0, ign = 0, cgt = 0;
    for (char *l = st.p; l && l < st.p + st.len; l = strchr(l, '\n'), l = l ? l + 1 : NULL) {
        if (!strncmp(l, "SigBlk:", 7)) blk = strtoull(l + 7, NULL, 16);
        else if (!strncmp(l, "SigIgn:", 7)) ign = strtoull(l + 7, NULL, 16);
        else if (!strncmp(l, "SigCgt:", 7)) cgt = strtoull(l + 7, NULL, 16);
    }
    free(st.p);
    unsigned long long alrm = 1ULL << (SIGALRM - 1);
    if ((cgt & alrm) && !(blk & alrm) && !(ign & alrm)) bits |= 1;
    /* its alarm ends the sleep whatever its disposition: a handler runs, or SIGALRM ends it */
    if (!(ign & alrm) && !(blk & alrm) && alarm_left_ns(pid) > 0) bits |= 32;
    snprintf(path, sizeof path, "/proc/%d/timers", pid);
    struct sb tm = read_file(path, 64);
    if (tm.len) bits |= 2;
    free(tm.p);
    snprintf(path, sizeof path, "%s/fd", dir);
    DIR *d = opendir(path);
    for (struct dirent *e; d && (e = readdir(d));) {
        if (e->d_name[0] == '.') continue;
        ssize_t n = readlinkat(dirfd(d), e->d_name, link, sizeof link - 1);
        if (n > 0 && (size_t)n == strlen("anon_inode:[timerfd]") && !memcmp(link, "anon_inode:[timerfd]", n)) { bits |= 4; break; }
    }
    if (d) closedir(d);
#ifdef __x86_64__
    long nr = -1;
    unsigned long long fd = 0;
    if (call && sscanf(call, "%ld 0x%llx", &nr, &fd) == 2 && fd < 1u << 20) bits |= socket_timeout_bits(pid, dir, nr, (int)fd);
#endif
    return bits;
}

static void times_process(struct sb *s, int pid, long tick_ns) {
    char path[96], dir[64], buf[1024];
    char *rp = proc_stat(pid, buf, sizeof buf), st = '?';
    unsigned long long ut = 0, stt = 0, exec = 0, delay = 0, slices;
    /* after comm: state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime */
    if (!rp || sscanf(rp + 2, "%c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu", &st, &ut, &stt) != 3) return;
    proc_dir(pid, &st, dir, sizeof dir);
    if (read_schedstat(dir, &exec, &delay, &slices) < 0) exec = delay = 0;
    snprintf(path, sizeof path, "%s/syscall", dir);
    struct sb sc = read_file(path, 256);
    if (sc.p) sc.p[sc.len] = 0; /* sb always has room for the NUL */
    sb_printf(s, "p %d %c %llu %llu %llu %d %d", pid, st, (ut + stt) * (unsigned long long)tick_ns, exec, delay, stdin_queued(pid), wake_bits(pid, dir, st, sc.p));
    sb_words(s, sc.p, sc.len);
    free(sc.p);
    sb_add(s, "\n", 1);
}

static void do_times(const uint8_t *p, size_t len) {
    if (len < 4) return;
    uint32_t req = rd32(&p);
    long tick_ns = 1000000000L / sysconf(_SC_CLK_TCK);
    struct sb s = {0}, la = read_file("/proc/loadavg", 64), psi = read_file("/proc/pressure/cpu", 256);
    double l1 = 0, some10 = -1;
    if (la.len) sscanf(la.p, "%lf", &l1);
    if (psi.len) sscanf(psi.p, "some avg10=%lf", &some10);
    free(la.p); free(psi.p);
    /* this init's own run-queue delay: every spawn, output and exit of the test passes through it */
    unsigned long long self_run = 0, self_delay = 0, self_slices = 0;
    if (read_schedstat("/proc/self", &self_run, &self_delay, &self_slices) < 0) self_delay = 0;
    sb_printf(&s, "load %llu %.2f %.2f %ld %llu\n", (unsigned long long)now_ns(), l1, some10, sysconf(_SC_NPROCESSORS_ONLN), self_delay);
    int pids[4096];
    int n = descendants(pids, 4096);
    timers_refresh();
    for (int i = 0; i < n; i++) times_process(&s, pids[i], tick_ns);
    send_frame(E_TIMES, &req, 4, s.p, s.len);
    free(s.p);
}

/* ---------- tracing: strace on a test's process, from its exec on ----------
 * A traced process stops itself (SIGSTOP) after dropping its privileges, just before execve.
 * Once the init sees it stopped, it starts strace (--strace PATH) as root in a process group of
 * its own, attached with -p (PTRACE_SEIZE), writing to a pipe only the init and that strace hold
 * (strace's fd 3, -o /proc/self/fd/3); when the process shows as a tracee in a ptrace stop ('t',
 * TracerPid = that strace) strace has taken it, and SIGCONT lets it go on to exec. The straces
 * are no test process: snapshots, times, signals by pid and killall's SIGTERM skip them, their
 * exits are not orphans, and they end by themselves when their last tracee is gone (killall
 * waits for that before its SIGKILLs, so the trace ends with every exit). No --seccomp-bpf: it
 * needs strace to start the program (a -p attach cannot install the filter) and implies
 * --kill-on-exit. -s 2: pipe2's fd pair is an array, which -s 0 prints as [...] (2 bytes of each
 * string come with it). Trace text goes to the harness as E_TRACE frames:
 *   u32 id | i64 CLOCK_MONOTONIC - CLOCK_REALTIME (ns; strace's -ttt times are realtime) | text
 * and a failure to attach as E_TRACE_ERROR: u32 id | one escaped field (why). */
enum { E_TRACE = 14, E_TRACE_ERROR = 15 };
#define TRACE_ATTACH_MS 3000
static const char *strace_path; /* --strace: the tracer, run by path */
/* --trace-limit: trace bytes the run keeps (0: no limit). Past them every strace is told to detach
 * (SIGINT: strace detaches its tracees, which run on untraced, at full speed) and no new process
 * is traced: the harness keeps as many bytes and marks the trace cut. */
static uint64_t trace_limit, trace_bytes;
static int trace_cut;
/* A strace may hold several processes (those stopped together, e.g. `together:` starts): its pid
 * is in each one's entry, its pipes only in the first's (lead), whose id its trace frames carry. */
static struct tracer { int used, id, target, pid, fd, errfd, stopped, alive; } tracers[MAXPROC];
/* How long trace_stops waits for traced spawns still on their way to their self-stop, so that
 * processes started together share one strace (starting one costs ~10-20 ms of a loaded CPU). */
#define TRACE_GATHER_MS 5

static int is_tracer(int pid) {
    for (int i = 0; i < MAXPROC; i++) if (tracers[i].used && tracers[i].alive && tracers[i].pid == pid) return 1;
    return 0;
}

/* A traced spawn: attach once it has stopped itself (trace_stops, on SIGCHLD). */
static void trace_register(int id, int pid) {
    for (int i = 0; i < MAXPROC; i++) {
        if (tracers[i].used) continue;
        tracers[i] = (struct tracer){1, id, pid, -1, -1, -1, 0, 0};
        return;
    }
    kill(pid, SIGCONT); /* no slot: it runs untraced; the harness sees no trace and says so */
}

static int64_t clock_offset_ns(void) {
    struct timespec r;
    clock_gettime(CLOCK_REALTIME, &r);
    return (int64_t)now_ns() - ((int64_t)r.tv_sec * 1000000000ll + r.tv_nsec);
}

static void send_trace(int id, const char *text, size_t n) {
    uint8_t hdr[12]; uint32_t id32 = (uint32_t)id; int64_t off = clock_offset_ns();
    memcpy(hdr, &id32, 4); memcpy(hdr + 4, &off, 8);
    send_frame(E_TRACE, hdr, 12, text, n);
}

/* Relays what strace wrote (bounded per call, like drain_stream); at EOF closes the pipe. */
static void trace_drain(struct tracer *t) {
    char buf[65536];
    for (int round = 0; t->fd >= 0 && round < 16; round++) {
        ssize_t n = read(t->fd, buf, sizeof buf);
        if (n < 0 && (errno == EAGAIN || errno == EINTR)) return;
        if (n <= 0) { close(t->fd); t->fd = -1; return; }
        send_trace(t->id, buf, (size_t)n);
        trace_bytes += (uint64_t)n;
        if (trace_limit && trace_bytes > trace_limit && !trace_cut) {
            trace_cut = 1;
            for (int i = 0; i < MAXPROC; i++) if (tracers[i].used && tracers[i].alive) kill(tracers[i].pid, SIGINT);
        }
    }
}
static void trace_drain_all(void) {
    for (int i = 0; i < MAXPROC; i++) if (tracers[i].used && tracers[i].fd >= 0) trace_drain(&tracers[i]);
}

/* Why tracing failed (with what strace said on stderr, read from errfd when given), as E_TRACE_ERROR. */
static void trace_fail(int id, int errfd, const char *why) {
    char msg[1200], err[1024] = "";
    ssize_t n = errfd >= 0 ? read(errfd, err, sizeof err - 1) : 0;
    if (n > 0) { err[n] = 0; while (n > 0 && (err[n - 1] == '\n' || err[n - 1] == ' ')) err[--n] = 0; }
    int len = snprintf(msg, sizeof msg, "%s%s%s", why, n > 0 ? ": " : "", n > 0 ? err : "");
    uint32_t id32 = (uint32_t)id;
    send_text(E_TRACE_ERROR, &id32, 4, msg, len > 0 ? (size_t)len : 0);
}

/* The state letter of /proc/PID/status and its TracerPid ('?' when gone). */
static char trace_state(int pid, int *tracer) {
    char path[64], buf[2048];
    snprintf(path, sizeof path, "/proc/%d/status", pid);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return '?';
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    buf[n > 0 ? n : 0] = 0;
    char *s = strstr(buf, "\nState:\t"), *tp = strstr(buf, "\nTracerPid:\t");
    *tracer = tp ? atoi(tp + 12) : 0;
    return s ? s[8] : '?';
}

/* Forks strace on the batch's targets (a -p each). */
static pid_t trace_exec(const int *batch, int n, int out, int err) {
    static char ps[MAXPROC][12];
    static char *argv[16 + 2 * MAXPROC];
    pid_t pid = fork();
    if (pid != 0) return pid;
    sigset_t none; sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    setpgid(0, 0); /* the test's group signals never reach it */
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    int o = fcntl(out, F_DUPFD, 10), e = fcntl(err, F_DUPFD, 10);
    dup2(devnull, 0); dup2(devnull, 1); dup2(e, 2); dup2(o, 3);
    close_range(4, ~0U, 0);
    char *const fixed[] = {"strace", "-f", "-q", "-ttt", "-y", "-s", "2", "-e", "signal=all", "-e",
        "trace=%process,?pipe,?pipe2,dup,dup2,dup3,close,read,write,readv,writev,?splice,?sendfile,"
        "openat,?open,mknodat,?mknod,unlink,unlinkat,%ipc,mmap,munmap,?mq_open,mq_timedsend,"
        "mq_timedreceive,mq_unlink,?mq_notify,?rt_sigaction,flock,fcntl,?io_uring_setup",
        "-o", "/proc/self/fd/3"};
    int a = 0;
    for (size_t k = 0; k < sizeof fixed / sizeof *fixed; k++) argv[a++] = fixed[k];
    for (int k = 0; k < n; k++) {
        snprintf(ps[k], sizeof ps[k], "%d", tracers[batch[k]].target);
        argv[a++] = "-p"; argv[a++] = ps[k];
    }
    argv[a] = NULL;
    char *const envp[] = {"PATH=/usr/bin:/bin", NULL};
    execve(strace_path, argv, envp);
    dprintf(2, "cannot run %s: %s", strace_path, strerror(errno));
    _exit(127);
}

/* Waits until strace holds every target of the batch (a ptrace stop with it as TracerPid); a
 * target gone meanwhile is reported alone. 0 when it holds the rest, else why not. */
static const char *trace_hold(const int *batch, int n, pid_t strace_pid) {
    uint64_t until = now_ns() + TRACE_ATTACH_MS * 1000000ull;
    for (;;) {
        int held = 0;
        for (int k = 0; k < n; k++) {
            struct tracer *t = &tracers[batch[k]];
            if (t->target < 0) { held++; continue; } /* gone: already reported */
            int tracer = 0;
            char st = trace_state(t->target, &tracer);
            if (st == 't' && tracer == strace_pid) held++;
            else if (st == '?') { trace_fail(t->id, -1, "the process was gone before strace attached"); t->target = -1; held++; }
        }
        if (held == n) return NULL;
        siginfo_t si; memset(&si, 0, sizeof si);
        if (waitid(P_PID, (id_t)strace_pid, &si, WEXITED | WNOHANG | WNOWAIT) == 0 && si.si_pid == strace_pid) return "strace could not attach";
        if (now_ns() > until) return "strace did not attach in time";
        usleep(200);
    }
}

/* Starts one strace on the stopped processes of the batch and waits until it holds them; then
 * lets them go on. A member that is not the lead gets an empty trace frame: its text comes under
 * the lead's id (the harness keeps each process's lines by pid). */
static void trace_attach(const int *batch, int n) {
    int out[2] = {-1, -1}, err[2] = {-1, -1};
    struct tracer *lead = &tracers[batch[0]];
    const char *why = NULL;
    int errfd = -1;
    if (!strace_path) why = "no tracer (strace) was given to the supervisor";
    else if (trace_cut) goto cont; /* the trace is full: they run untraced */
    else if (pipe2(out, O_CLOEXEC) < 0 || pipe2(err, O_CLOEXEC) < 0) why = "pipe2 failed";
    if (!why) {
        pid_t pid = trace_exec(batch, n, out[1], err[1]);
        close(out[1]); close(err[1]);
        if (pid < 0) { close(out[0]); close(err[0]); why = "fork failed"; }
        else {
            for (int k = 0; k < n; k++) { tracers[batch[k]].pid = pid; tracers[batch[k]].alive = 1; }
            lead->fd = out[0]; lead->errfd = errfd = err[0];
            fcntl(lead->fd, F_SETFL, O_NONBLOCK); fcntl(lead->errfd, F_SETFL, O_NONBLOCK);
            why = trace_hold(batch, n, pid);
            if (why) kill(pid, SIGKILL);
        }
    }
    for (int k = 0; k < n; k++) {
        struct tracer *t = &tracers[batch[k]];
        if (t->target < 0) continue;
        if (why) trace_fail(t->id, k == 0 ? errfd : -1, why);
        else if (k > 0) send_trace(t->id, "", 0);
    }
cont:
    for (int k = 0; k < n; k++) if (tracers[batch[k]].target > 0) kill(tracers[batch[k]].target, SIGCONT);
}

/* On SIGCHLD: the traced processes that have stopped themselves get a strace, one for all of
 * them; traced spawns still on their way to that stop are waited for a little (TRACE_GATHER_MS). */
static void trace_stops(void) {
    int batch[MAXPROC], n = 0;
    uint64_t until = now_ns() + TRACE_GATHER_MS * 1000000ull;
    for (;;) {
        int pending = 0;
        for (int i = 0; i < MAXPROC; i++) {
            struct tracer *t = &tracers[i];
            if (!t->used || t->stopped) continue;
            siginfo_t si; memset(&si, 0, sizeof si);
            if (waitid(P_PID, (id_t)t->target, &si, WSTOPPED | WEXITED | WNOHANG | WNOWAIT) < 0) continue;
            if (si.si_pid != t->target) { pending++; continue; }
            if (si.si_code != CLD_STOPPED) continue; /* ended before its exec: reap() reports it */
            waitid(P_PID, (id_t)t->target, &si, WSTOPPED | WNOHANG); /* consume the stop report */
            t->stopped = 1;
            batch[n++] = i;
        }
        if (!n || !pending || now_ns() > until) break;
        usleep(200);
    }
    if (n) trace_attach(batch, n);
}

/* reap(): a strace ended (its tracees are gone, or it failed): not a test process. */
static int trace_reaped(int pid) {
    int found = 0;
    for (int i = 0; i < MAXPROC; i++) {
        if (!tracers[i].used || !tracers[i].alive || tracers[i].pid != pid) continue;
        tracers[i].alive = 0; /* every process of that strace */
        trace_drain(&tracers[i]); /* it has exited: what it wrote is in the pipe (the rest at the next poll) */
        if (tracers[i].errfd >= 0) { close(tracers[i].errfd); tracers[i].errfd = -1; }
        found = 1;
    }
    return found;
}

static int trace_any_alive(void) {
    for (int i = 0; i < MAXPROC; i++) if (tracers[i].used && tracers[i].alive) return 1;
    return 0;
}

/* killall, before its SIGKILLs: what is left of the test killed first, so that each strace sees
 * its tracees' ends and exits by itself, its trace complete. */
static void trace_end(void) {
    if (!trace_any_alive()) return;
    int pids[4096];
    int n = descendants(pids, 4096);
    for (int i = 0; i < n; i++) kill(pids[i], SIGKILL);
    uint64_t until = now_ns() + 500 * 1000000ull;
    while (trace_any_alive() && now_ns() < until) {
        reap();
        trace_drain_all();
        usleep(1000);
    }
}

/* The main loop's poll set: every open trace pipe. */
static int trace_pollfds(struct pollfd *out) {
    int n = 0;
    for (int i = 0; i < MAXPROC; i++) if (tracers[i].used && tracers[i].fd >= 0) out[n++] = (struct pollfd){tracers[i].fd, POLLIN, 0};
    return n;
}

/* ---------- teardown ---------- */
static void killall(int grace_ms) {
    int pids[4096];
    for (int i = 0; i < nhogs; i++) kill(hogs[i], SIGKILL);
    int n = descendants(pids, 4096);
    if (n > 0 && grace_ms > 0) {
        for (int i = 0; i < n; i++) { kill(pids[i], SIGTERM); kill(pids[i], SIGCONT); }
        uint64_t until = now_ns() + (uint64_t)grace_ms * 1000000ull;
        while (now_ns() < until) {
            reap();
            drain_all_streams();
            if (descendants(pids, 4096) == 0) break;
            usleep(2000);
        }
    }
    trace_end();
    for (int round = 0; round < 1000; round++) {
        if (isolated) kill(-1, SIGKILL);
        n = descendants(pids, 4096);
        for (int i = 0; i < n; i++) kill(pids[i], SIGKILL);
        reap();
        if (n == 0) break;
        usleep(1000);
    }
    reap();
    drain_all_streams();
    trace_drain_all();
}

static void handle_command(uint16_t type, const uint8_t *p, size_t len) {
    const uint8_t *q = p;
    switch (type) {
    case C_SPAWN: do_spawn(p, len); break;
    case C_STDIN: {
        if (len < 4) break;
        struct proc *pr = proc_by_id((int)rd32(&q));
        if (!pr || pr->stdin_fd < 0 || len == 4) break;
        struct chunk *c = malloc(sizeof *c + len - 4);
        if (!c) break;
        c->next = NULL; c->len = len - 4; c->off = 0;
        memcpy(c->data, q, len - 4);
        if (pr->tail) pr->tail->next = c; else pr->head = c;
        pr->tail = c;
        flush_stdin(pr);
        break;
    }
    case C_STDIN_CLOSE: {
        if (len < 4) break;
        struct proc *pr = proc_by_id((int)rd32(&q));
        if (!pr) break;
        if (pr->head) pr->stdin_close_pending = 1; else close_stdin(pr);
        break;
    }
    case C_SIGNAL: {
        if (len < 12) break;
        struct proc *pr = proc_by_id((int)rd32(&q));
        int sig = (int)rd32(&q), group = (int)rd32(&q);
        if (pr && !pr->exited) kill(group ? -pr->pid : pr->pid, sig);
        break;
    }
    case C_RELEASE: {
        if (len < 4) break;
        int b = (int)rd32(&q);
        if (b > 0 && b < MAXBARRIER && barriers[b][1] >= 0) {
            close(barriers[b][1]); close(barriers[b][0]);
            barriers[b][0] = barriers[b][1] = -1;
        }
        break;
    }
    case C_SNAPSHOT: do_snapshot(p, len); break;
    case C_KILLALL: {
        int grace = len >= 4 ? (int)rd32(&q) : 0;
        killall(grace);
        send_frame(E_KILLED, NULL, 0, NULL, 0);
        break;
    }
    case C_HOGS: {
        /* busy processes beside the test's, for scheduling pressure; never reported */
        if (len < 12) break;
        uint64_t mask = rd64(&q);
        int count = (int)rd32(&q);
        for (int i = 0; i < count && nhogs < MAXHOG; i++) {
            pid_t pid = fork();
            if (pid == 0) {
                close_range(0, ~0U, 0);
                set_affinity(mask);
                prctl(PR_SET_PDEATHSIG, SIGKILL);
                if (setgid(65534) < 0 || setuid(65534) < 0) { /* stay: only burns CPU */ }
                for (volatile unsigned long x = 0;; x++) {}
            }
            if (pid > 0) hogs[nhogs++] = pid;
        }
        break;
    }
    case C_TIMES: do_times(p, len); break;
    case C_SIGNAL_PID: {
        if (len < 8) break;
        int pid = (int)rd32(&q), sig = (int)rd32(&q);
        static int pids[MAXPROC * 4];
        int n = descendants(pids, MAXPROC * 4);
        for (int i = 0; i < n; i++) if (pids[i] == pid && pid > 1) { kill(pid, sig); break; }
        break;
    }
    case C_QUIT: killall(0); leave(0);
    }
}

/* ---------- the run lock: a test re-run alone takes it exclusively, every other run shared ----------
 * flock on two files that only this uid may open (a file of anyone else, or a link, is not used).
 * An exclusive taker holds the gate while it waits, so new shared takers queue behind it instead
 * of starving it; a shared taker holds only the lock. The kernel drops both when this init (and
 * its namespace's parent) exits, however it exits: no stale lock, no order in which two can wait
 * for each other. The descriptors are close-on-exec: no student process gets them. */
static int lock_open(const char *path) {
    int fd = open(path, O_RDONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
    struct stat st;
    if (fd >= 0 && (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_uid != geteuid() || (st.st_mode & 077))) { close(fd); fd = -1; }
    return fd;
}

static void take_run_lock(const char *path, int exclusive) {
    char gate[4096];
    snprintf(gate, sizeof gate, "%s.gate", path);
    int g = lock_open(gate), l = lock_open(path);
    if (g < 0 || l < 0) { dprintf(2, "ipclab-init: the run lock %s is not a private file of this user: running without it\n", path); if (g >= 0) close(g); if (l >= 0) close(l); return; }
    while (flock(g, exclusive ? LOCK_EX : LOCK_SH) < 0 && errno == EINTR) {}
    while (flock(l, exclusive ? LOCK_EX : LOCK_SH) < 0 && errno == EINTR) {}
    if (!exclusive) close(g);
}

/* ---------- the test's own root (harness/isolate/root.ts makes the list) ----------
 * --root DIR BYTES: a tmpfs of BYTES mounted on DIR (an empty folder of the run) becomes "/".
 * Each --m KIND PATH [ARGS] is one mount inside it, at the same path as outside, in the order
 * given (parents first):
 *   ro PATH | rw PATH | dev PATH          bind of the host's PATH (read-only; read-write,
 *                                         nosuid, nodev; a device node, nosuid, noexec)
 *   tmpfs PATH BYTES MODE UID GID         a fresh tmpfs (octal MODE; UID 4294967295: ours)
 *   scratch PATH MODE UID GID             a folder of the run's one scratch tmpfs (--scratch
 *                                         BYTES), bound at PATH: every such place shares BYTES
 *   link PATH TARGET | file PATH TEXT     a symbolic link; a read-only file holding TEXT
 *   proc PATH | mqueue PATH               the test's PID namespace's /proc; its POSIX queues
 * Mounts made here cannot be undone from inside: students have no capabilities (drop_privileges),
 * and a namespace a student makes for itself gets them locked (MNT_LOCKED). */
enum { RM_RO, RM_RW, RM_DEV, RM_TMPFS, RM_LINK, RM_FILE, RM_PROC, RM_MQUEUE, RM_SCRATCH };
struct rootmount { int kind; const char *path, *arg; unsigned long long bytes; unsigned mode, uid, gid; };
#define MAXROOTMOUNT 128
static struct rootmount rootmounts[MAXROOTMOUNT];
static int nrootmounts;
static const char *rootdir;
static unsigned long long rootbytes;
/* --scratch: one tmpfs for all the writable places, mounted beside the root (DIR SCRATCH_AT, in
 * this mount namespace only) while the root is built: it goes with the host's root when that is
 * detached (one detach: each costs an RCU grace period, ~2-5 ms of wall time on a loaded host),
 * and only its sub-folders' binds (and the quota's fd) hold it */
static unsigned long long scratch_bytes;
static int nscratch;
static int scratch_root_fd = -1; /* the scratch tmpfs's own root, where memfds are made */
#define SCRATCH_AT ".scratch"

static int parse_u64(const char *s, int base, unsigned long long *out) {
    char *end;
    if (!s || !*s || *s == '-') return -1;
    errno = 0;
    *out = strtoull(s, &end, base);
    return errno || *end ? -1 : 0;
}

/* An absolute path without "." or ".." components, empty ones or a trailing slash. */
static int clean_path(const char *p) {
    if (!p || p[0] != '/' || strlen(p) >= 2048) return 0;
    if (!strcmp(p, "/")) return 1;
    for (const char *c = p; *c; ) {
        const char *next = strchr(c + 1, '/');
        size_t n = next ? (size_t)(next - c - 1) : strlen(c + 1);
        if (n == 0 || (n == 1 && c[1] == '.') || (n == 2 && c[1] == '.' && c[2] == '.')) return 0;
        if (!next) break;
        c = next;
    }
    return 1;
}

/* One --m entry from argv[*i] on; -1 (and a line on stderr) when it is not one. */
static int parse_root_mount(int argc, char **argv, int *i) {
    static const struct { const char *name; int kind, nargs; } kinds[] = {
        {"ro", RM_RO, 1}, {"rw", RM_RW, 1}, {"dev", RM_DEV, 1}, {"tmpfs", RM_TMPFS, 5},
        {"link", RM_LINK, 2}, {"file", RM_FILE, 2}, {"proc", RM_PROC, 1}, {"mqueue", RM_MQUEUE, 1},
        {"scratch", RM_SCRATCH, 4},
    };
    const char *kind = *i + 1 < argc ? argv[*i + 1] : "";
    for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
        if (strcmp(kind, kinds[k].name)) continue;
        if (*i + 1 + kinds[k].nargs >= argc || nrootmounts >= MAXROOTMOUNT) break;
        char **a = argv + *i + 2;
        struct rootmount m = { .kind = kinds[k].kind, .path = a[0], .arg = kinds[k].nargs > 1 ? a[1] : NULL };
        if (!clean_path(m.path) || !strcmp(m.path, "/")) break;
        if (m.kind == RM_TMPFS || m.kind == RM_SCRATCH) {
            unsigned long long mode, uid, gid;
            char **o = m.kind == RM_TMPFS ? a + 2 : a + 1; /* MODE UID GID */
            if (m.kind == RM_TMPFS && (parse_u64(a[1], 10, &m.bytes) < 0 || !m.bytes)) break;
            if (parse_u64(o[0], 8, &mode) < 0 || mode > 07777 ||
                parse_u64(o[1], 10, &uid) < 0 || uid > 0xffffffffull || parse_u64(o[2], 10, &gid) < 0 || gid > 0xffffffffull) break;
            m.mode = (unsigned)mode; m.uid = (unsigned)uid; m.gid = (unsigned)gid;
        }
        rootmounts[nrootmounts++] = m;
        *i += 1 + kinds[k].nargs;
        return 0;
    }
    fprintf(stderr, "ipclab-init: bad --m entry at argument %d (%s)\n", *i + 1, kind);
    return -1;
}

/* Every writable mount of the root is a tmpfs made here: nosuid, nodev, with a size. */
static int mount_tmpfs(const char *target, unsigned long long bytes, unsigned mode, unsigned uid, unsigned gid) {
    char opts[160];
    if (uid == 0xffffffffu) uid = getuid();
    if (gid == 0xffffffffu) gid = getgid();
    snprintf(opts, sizeof opts, "size=%llu,mode=%o,uid=%u,gid=%u", bytes, mode, uid, gid);
    return mount("ipclab", target, "tmpfs", MS_NOSUID | MS_NODEV, opts);
}

/* The folders of path, made (0755) where missing; path itself too when dir. Under the root
 * being built only the part inside it is walked: the host's folders up to it exist. */
static int make_dirs(char *path, int dir) {
    size_t skip = rootdir && !strncmp(path, rootdir, strlen(rootdir)) && path[strlen(rootdir)] == '/' ? strlen(rootdir) : 0;
    for (char *c = path + skip + 1; *c; c++) {
        if (*c != '/') continue;
        *c = 0;
        int r = mkdir(path, 0755);
        *c = '/';
        if (r < 0 && errno != EEXIST) return -1;
    }
    return dir && mkdir(path, 0755) < 0 && errno != EEXIST ? -1 : 0;
}

#ifndef MOUNT_ATTR_RDONLY
#define MOUNT_ATTR_RDONLY 0x1
#define MOUNT_ATTR_NOSUID 0x2
#define MOUNT_ATTR_NODEV 0x4
#define MOUNT_ATTR_NOEXEC 0x8
#endif
#ifndef AT_RECURSIVE
#define AT_RECURSIVE 0x8000
#endif
#ifndef SYS_mount_setattr
#define SYS_mount_setattr 442
#endif
struct ipclab_mount_attr { uint64_t attr_set, attr_clr, propagation, userns_fd; };

/* Sets flags on a bind and every mount under it; before 5.12, a remount keeping the flags the
 * source already had (a user namespace may not clear them: they are locked). */
static int restrict_bind(const char *target, unsigned attrs) {
    struct ipclab_mount_attr a = { .attr_set = attrs };
    if (syscall(SYS_mount_setattr, -1, target, AT_RECURSIVE, &a, sizeof a) == 0) return 0;
    if (errno != ENOSYS) return -1;
    struct statvfs sv;
    if (statvfs(target, &sv) < 0) return -1;
    unsigned long f = MS_BIND | MS_REMOUNT;
    if ((attrs & MOUNT_ATTR_RDONLY) || (sv.f_flag & ST_RDONLY)) f |= MS_RDONLY;
    if ((attrs & MOUNT_ATTR_NOSUID) || (sv.f_flag & ST_NOSUID)) f |= MS_NOSUID;
    if ((attrs & MOUNT_ATTR_NODEV) || (sv.f_flag & ST_NODEV)) f |= MS_NODEV;
    if ((attrs & MOUNT_ATTR_NOEXEC) || (sv.f_flag & ST_NOEXEC)) f |= MS_NOEXEC;
    return mount(NULL, target, NULL, f, NULL);
}

static int bind_into_root(const char *source, char *target, unsigned attrs) {
    struct stat st;
    if (stat(source, &st) < 0) return -1;
    if (make_dirs(target, S_ISDIR(st.st_mode)) < 0) return -1;
    if (!S_ISDIR(st.st_mode)) {
        int fd = open(target, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0);
        if (fd < 0) return -1;
        close(fd);
    }
    if (mount(source, target, NULL, MS_BIND | MS_REC, NULL) < 0) return -1;
    return restrict_bind(target, attrs);
}

static int write_root_file(char *target, const char *text) {
    if (make_dirs(target, 0) < 0) return -1;
    int fd = open(target, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0444);
    if (fd < 0) return -1;
    size_t n = strlen(text);
    ssize_t w = write(fd, text, n);
    close(fd);
    return w == (ssize_t)n ? 0 : -1;
}

/* ---------- a build's folder: copied into the scratch tmpfs, and back out when the run ends ----------
 * --build-io DIR OUT: the scratch place at DIR (the build folder) starts as a copy of the host's
 * DIR; when the init leaves, every process of the run gone, what is there is copied into OUT (an
 * empty host folder). A Makefile thus writes at most the scratch tmpfs's size on the host. Only
 * folders, regular files and symbolic links are copied, never followed; set-id bits are dropped. */
static const char *build_in, *build_out;
static int build_in_fd = -1, build_out_fd = -1, build_dir_fd = -1;
#define COPY_DEPTH 32

static void copy_owner_mode(int fd, const struct stat *st) {
    if (fchown(fd, st->st_uid, st->st_gid) < 0 || fchmod(fd, st->st_mode & 0777) < 0) {}
}

static void copy_tree(int from, int to, int depth);

static void copy_entry(int from, int to, const char *name, int depth) {
    struct stat st;
    if (fstatat(from, name, &st, AT_SYMLINK_NOFOLLOW) < 0) return;
    if (S_ISDIR(st.st_mode) && depth < COPY_DEPTH) {
        if (mkdirat(to, name, 0700) < 0) return;
        int a = openat(from, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        int b = openat(to, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (a >= 0 && b >= 0) copy_tree(a, b, depth + 1);
        if (b >= 0) copy_owner_mode(b, &st);
        if (a >= 0) close(a);
        if (b >= 0) close(b);
    } else if (S_ISREG(st.st_mode)) {
        int a = openat(from, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
        int b = a < 0 ? -1 : openat(to, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
        while (b >= 0 && sendfile(b, a, NULL, 1 << 30) > 0) {}
        if (b >= 0) { copy_owner_mode(b, &st); close(b); }
        if (a >= 0) close(a);
    } else if (S_ISLNK(st.st_mode)) {
        char target[4096];
        ssize_t n = readlinkat(from, name, target, sizeof target - 1);
        if (n < 0) return;
        target[n] = 0;
        if (symlinkat(target, to, name) == 0 && fchownat(to, name, st.st_uid, st.st_gid, AT_SYMLINK_NOFOLLOW) < 0) {}
    }
}

/* Every entry of the folder from into the folder to (both descriptors stay open). */
static void copy_tree(int from, int to, int depth) {
    int fd = openat(from, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    DIR *d = fd < 0 ? NULL : fdopendir(fd);
    if (!d) { if (fd >= 0) close(fd); return; }
    struct dirent *e;
    while ((e = readdir(d))) if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) copy_entry(from, to, e->d_name, depth);
    closedir(d);
}

/* Called on the way out: the build's folder back to the host, once; nothing when the build
 * filled the scratch tmpfs (the harness fails it for that, as it counts < 4 free pages as full). */
static void build_copy_out(void) {
    if (build_dir_fd < 0 || build_out_fd < 0) return;
    struct statfs sf;
    if (fstatfs(build_dir_fd, &sf) == 0 && (unsigned long long)sf.f_bavail * (unsigned long long)sf.f_bsize >= 4 * 4096ull)
        copy_tree(build_dir_fd, build_out_fd, 0);
    close(build_out_fd);
    build_out_fd = -1;
}

/* A fresh folder of the scratch tmpfs (MODE, UID, GID), bound at target. */
static int bind_scratch(const struct rootmount *m, char *target) {
    char src[4096];
    if (snprintf(src, sizeof src, "%s%s/%d", rootdir, SCRATCH_AT, nscratch++) >= (int)sizeof src) { errno = ENAMETOOLONG; return -1; }
    if (mkdir(src, 0700) < 0 || chmod(src, m->mode) < 0) return -1;
    if (chown(src, m->uid == 0xffffffffu ? getuid() : m->uid, m->gid == 0xffffffffu ? getgid() : m->gid) < 0) return -1;
    if (build_in && !strcmp(m->path, build_in)) {
        build_dir_fd = open(src, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (build_dir_fd < 0) return -1;
        copy_tree(build_in_fd, build_dir_fd, 0);
    }
    if (make_dirs(target, 1) < 0) return -1;
    return mount(src, target, NULL, MS_BIND, NULL);
}

static int make_root_mount(const struct rootmount *m, char *target) {
    const unsigned long pseudo = MS_NOSUID | MS_NODEV | MS_NOEXEC;
    switch (m->kind) {
    case RM_RO: return bind_into_root(m->path, target, MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV);
    case RM_RW: return bind_into_root(m->path, target, MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV);
    case RM_DEV: return bind_into_root(m->path, target, MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NOEXEC);
    case RM_TMPFS:
        if (make_dirs(target, 1) < 0 || mount_tmpfs(target, m->bytes, m->mode, m->uid, m->gid) < 0) return -1;
        quota_register(m->path, target);
        return 0;
    case RM_SCRATCH: return scratch_bytes ? bind_scratch(m, target) : (errno = EINVAL, -1);
    case RM_LINK: return make_dirs(target, 0) < 0 ? -1 : symlink(m->arg, target);
    case RM_FILE: return write_root_file(target, m->arg);
    case RM_PROC: return make_dirs(target, 1) < 0 ? -1 : mount("proc", target, "proc", pseudo, NULL);
    case RM_MQUEUE:
        if (make_dirs(target, 1) < 0 || mount("mqueue", target, "mqueue", pseudo, NULL) < 0) return -1;
        mqdir = m->path; /* where the snapshot lists queues, once "/" is the new root */
        return 0;
    }
    errno = EINVAL;
    return -1;
}

/* The tmpfs root with every listed mount, then pivot_root into it and detach the host's. */
static int build_root(void) {
    /* the host's folders of a build, opened while the host's paths are still there */
    if (build_in && ((build_in_fd = open(build_in, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)) < 0 ||
                     (build_out_fd = open(build_out, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)) < 0)) {
        send_error("open the build folder"); return -1;
    }
    if (mount_tmpfs(rootdir, rootbytes, 0755, 0, 0) < 0) { send_error("mount the root tmpfs"); return -1; }
    char scratch[4096];
    snprintf(scratch, sizeof scratch, "%s%s", rootdir, SCRATCH_AT);
    if (scratch_bytes && ((mkdir(scratch, 0700) < 0 && errno != EEXIST) || mount_tmpfs(scratch, scratch_bytes, 0700, 0, 0) < 0)) {
        send_error("mount the scratch tmpfs"); return -1;
    }
    if (scratch_bytes) {
        quota_register("scratch", scratch);
        scratch_root_fd = open(scratch, O_PATH | O_DIRECTORY | O_CLOEXEC);
    }
    for (int i = 0; i < nrootmounts; i++) {
        char target[4096];
        snprintf(target, sizeof target, "%s%s", rootdir, rootmounts[i].path);
        if (make_root_mount(&rootmounts[i], target) < 0) {
            char what[2200];
            snprintf(what, sizeof what, "root: %s", rootmounts[i].path);
            send_error(what);
            return -1;
        }
    }
    if (build_in && build_dir_fd < 0) { send_error("root: the build folder is not a scratch place"); return -1; }
    if (build_in_fd >= 0) { close(build_in_fd); build_in_fd = -1; }
    /* pivot_root(".", "."): the old root ends up on top of the new one, and is detached at once */
    if (chdir(rootdir) < 0 || syscall(SYS_pivot_root, ".", ".") < 0) { send_error("pivot_root"); return -1; }
    if (umount2(".", MNT_DETACH) < 0 || chdir("/") < 0) { send_error("detach the old root"); return -1; }
    if (mount(NULL, "/", NULL, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV, NULL) < 0) {
        send_error("remount the root read-only"); return -1;
    }
    return 0;
}

/* A fresh network namespace has only a loopback, down: bring it up for 127.0.0.1 inside. */
static int loopback_up(void) {
    int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (s < 0) return -1;
    struct ifreq ifr;
    memset(&ifr, 0, sizeof ifr);
    strcpy(ifr.ifr_name, "lo");
    int r = ioctl(s, SIOCGIFFLAGS, &ifr);
    if (r == 0) { ifr.ifr_flags |= IFF_UP | IFF_RUNNING; r = ioctl(s, SIOCSIFFLAGS, &ifr); }
    close(s);
    return r;
}

/* Before exec, in isolated modes: no capability can come back (a user namespace's uid 0 keeps
 * none: no umount, no ptrace of PID 1, no reading its control channel), no setuid bit or file
 * capability raises privileges, then the run's uid. -1 with errno on failure. */
static int drop_privileges(uint32_t uid, uint32_t gid) {
    int bits = SECBIT_NOROOT | SECBIT_NOROOT_LOCKED | SECBIT_NO_SETUID_FIXUP | SECBIT_NO_SETUID_FIXUP_LOCKED |
               SECBIT_KEEP_CAPS_LOCKED | SECBIT_NO_CAP_AMBIENT_RAISE | SECBIT_NO_CAP_AMBIENT_RAISE_LOCKED;
    if (prctl(PR_SET_SECUREBITS, bits, 0, 0, 0) < 0) return -1;
    for (int c = 0; c < 64; c++) if (prctl(PR_CAPBSET_DROP, c, 0, 0, 0) < 0 && errno == EINVAL) break;
    if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0) return -1;
    if (uid != 0xffffffffu && (setgroups(0, NULL) < 0 || setresgid(gid, gid, gid) < 0 || setresuid(uid, uid, uid) < 0)) return -1;
    struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
    struct __user_cap_data_struct none[2];
    memset(none, 0, sizeof none);
    if (syscall(SYS_capset, &h, none) < 0) return -1;
    return prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
}

/* ---------- memfd_create where no memory cgroup bounds it ----------
 * A memfd is a file of the kernel's internal tmpfs: no mount's size, no RLIMIT_AS and, without a
 * memory cgroup (user-namespace mode), nothing bounds how many a test holds (RLIMIT_FSIZE bounds
 * each one; up to RLIMIT_NOFILE of them per process, more passed around in sockets). There, a
 * seccomp filter on PID 1, which every process of the test inherits, hands each memfd_create to
 * this process, which makes the file in the scratch tmpfs instead: at its root (detached, out of
 * the test's sight), named "memfd:NAME" and unlinked at once, so /proc shows "/memfd:NAME
 * (deleted)" as for a real memfd, and it counts against the disk limit. Sealing and huge pages
 * cannot be had that way: those calls fail with EINVAL. */
#if defined(__x86_64__)
#define MEMFD_ARCH AUDIT_ARCH_X86_64
#define MEMFD_NR_MASK (~0x40000000u) /* x32 calls are the same numbers with that bit */
#define MEMFD_COMPAT_ARCH AUDIT_ARCH_I386
#define MEMFD_COMPAT_NR 356
#elif defined(__aarch64__)
#define MEMFD_ARCH AUDIT_ARCH_AARCH64
#define MEMFD_NR_MASK (~0u)
#define MEMFD_COMPAT_ARCH AUDIT_ARCH_ARM
#define MEMFD_COMPAT_NR 385
#endif
#ifndef MFD_CLOEXEC
#define MFD_CLOEXEC 0x1u
#endif
#ifndef MFD_NOEXEC_SEAL
#define MFD_NOEXEC_SEAL 0x8u
#endif
#ifndef MFD_EXEC
#define MFD_EXEC 0x10u
#endif
static int memfd_listener = -1;

/* Installs the filter on this process (PID 1: before any test process exists); 0 when in force. */
static int memfd_redirect(void) {
#ifdef MEMFD_ARCH
    if (scratch_root_fd < 0) return -1;
    struct sock_filter f[] = {
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, MEMFD_ARCH, 0, 3),
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
        BPF_STMT(BPF_ALU | BPF_AND | BPF_K, MEMFD_NR_MASK),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_memfd_create, 4, 3),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, MEMFD_COMPAT_ARCH, 0, 2),
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, MEMFD_COMPAT_NR, 1, 0),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_USER_NOTIF),
    };
    struct sock_fprog prog = { (unsigned short)(sizeof f / sizeof f[0]), f };
    memfd_listener = (int)syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_NEW_LISTENER, &prog);
    return memfd_listener < 0 ? -1 : 0;
#else
    return -1;
#endif
}

/* The caller's effective uid and gid, for the file's owner (as memfd_create would make it). */
static void memfd_owner(int pid, unsigned *uid, unsigned *gid) {
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/status", pid);
    struct sb st = read_file(path, 8192);
    const char *u = st.p ? strstr(st.p, "\nUid:") : NULL, *g = st.p ? strstr(st.p, "\nGid:") : NULL;
    if (!u || !g || sscanf(u + 5, "%*u %u", uid) != 1 || sscanf(g + 5, "%*u %u", gid) != 1) { *uid = getuid(); *gid = getgid(); }
    free(st.p);
}

/* The file for one memfd_create request, opened here; -errno when there is none. */
static int memfd_make(const struct seccomp_notif *req) {
    unsigned flags = (unsigned)req->data.args[1];
    if (flags & ~(MFD_CLOEXEC | MFD_NOEXEC_SEAL | MFD_EXEC)) return -EINVAL;
    char name[256] = "memfd:", path[64];
    snprintf(path, sizeof path, "/proc/%d/mem", (int)req->pid);
    int mem = open(path, O_RDONLY | O_CLOEXEC);
    ssize_t n = mem < 0 ? -1 : pread(mem, name + 6, 250, (off_t)req->data.args[0]);
    if (mem >= 0) close(mem);
    if (n <= 0) return -EFAULT;
    if (!memchr(name + 6, 0, (size_t)n)) return -EINVAL; /* longer than MFD_NAME_MAX_LEN (249) */
    for (char *c = name + 6; *c; c++) if (*c == '/') *c = '_';
    /* the pid read is still the caller's (not a reused pid) */
    if (ioctl(memfd_listener, SECCOMP_IOCTL_NOTIF_ID_VALID, &req->id) < 0) return -ESRCH;
    int fd = openat(scratch_root_fd, name, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) return -errno;
    unlinkat(scratch_root_fd, name, 0);
    unsigned uid, gid;
    memfd_owner((int)req->pid, &uid, &gid);
    if (fchown(fd, uid, gid) < 0 || fchmod(fd, flags & MFD_NOEXEC_SEAL ? 0666 : 0777) < 0) {}
    return fd;
}

/* Answers one request: the file put into the caller as the call's result, or its error. */
static void memfd_answer(void) {
    struct seccomp_notif req;
    memset(&req, 0, sizeof req);
    if (ioctl(memfd_listener, SECCOMP_IOCTL_NOTIF_RECV, &req) < 0) return;
    int fd = memfd_make(&req), err = fd < 0 ? -fd : 0;
    if (fd >= 0) {
        struct seccomp_notif_addfd add = { .id = req.id, .flags = SECCOMP_ADDFD_FLAG_SEND, .srcfd = (unsigned)fd,
                                           .newfd_flags = (unsigned)req.data.args[1] & MFD_CLOEXEC ? O_CLOEXEC : 0 };
        int r = ioctl(memfd_listener, SECCOMP_IOCTL_NOTIF_ADDFD, &add);
        if (r < 0 && errno == EINVAL) { /* before 5.14: add, then answer with the number */
            add.flags = 0;
            r = ioctl(memfd_listener, SECCOMP_IOCTL_NOTIF_ADDFD, &add);
            if (r >= 0) {
                struct seccomp_notif_resp resp = { .id = req.id, .val = r };
                ioctl(memfd_listener, SECCOMP_IOCTL_NOTIF_SEND, &resp);
            }
        }
        err = errno;
        close(fd);
        if (r >= 0 || err == ENOENT) return; /* answered, or the caller is gone */
    }
    struct seccomp_notif_resp resp = { .id = req.id, .error = -err };
    ioctl(memfd_listener, SECCOMP_IOCTL_NOTIF_SEND, &resp);
}

/* ---------- setup ---------- */

static int setup_isolation(int userns) {
    uid_t uid = getuid(); gid_t gid = getgid();
    /* the mount and network namespaces are PID 1's alone (below): this process keeps the host's
     * mounts, to remove the cgroup once PID 1 is gone */
    int flags = CLONE_NEWIPC | CLONE_NEWPID;
    if (userns) flags |= CLONE_NEWUSER;
    if (unshare(flags) < 0) { send_error("unshare"); return -1; }
    if (userns) {
        char m[64];
        write_text("/proc/self/setgroups", "deny");
        snprintf(m, sizeof m, "0 %u 1\n", uid);
        if (write_text("/proc/self/uid_map", m) < 0) { send_error("uid_map"); return -1; }
        snprintf(m, sizeof m, "0 %u 1\n", gid);
        if (write_text("/proc/self/gid_map", m) < 0) { send_error("gid_map"); return -1; }
    }
    /* The next child is PID 1 of the new namespace; this process just waits for it. */
    pid_t child = fork();
    if (child < 0) { send_error("fork"); return -1; }
    if (child > 0) {
        int st;
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        close(0);
        while (waitpid(child, &st, 0) < 0 && errno == EINTR) {}
        cgroup_remove(); /* PID 1 is gone, and with it the whole namespace */
        _exit(WIFEXITED(st) ? WEXITSTATUS(st) : 3);
    }
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    /* its /proc entries (fd 0 and 1: the control channel) closed to same-uid student processes */
    prctl(PR_SET_DUMPABLE, 0);
    if (unshare(CLONE_NEWNS | CLONE_NEWNET) < 0) { send_error("unshare mount, network"); return -1; }
    if (loopback_up() < 0) { send_error("loopback up"); return -1; }
    if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0) { send_error("mount private"); return -1; }
    if (rootdir) {
        if (build_root() < 0) return -1;
        ipc_limits_set = ipc_limits_setup(mem_bytes); /* the test's /proc is mounted now */
        return 0;
    }
    if (mount_tmpfs("/dev/shm", disk_bytes, 01777, 0, 0) < 0) {
        send_error("mount /dev/shm"); return -1;
    }
    quota_register("/dev/shm", "/dev/shm");
    if (mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0) {
        send_error("mount /proc"); return -1;
    }
    ipc_limits_set = ipc_limits_setup(mem_bytes);
    if (mqdir && mount("mqueue", mqdir, "mqueue", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0) {
        send_error("mount mqueue"); return -1;
    }
    return 0;
}

/* --encode: stdin as one escaped field on stdout, so tests can check this codec against codec.ts. */
static int encode_stdin(void) {
    struct sb in = {0}, out = {0};
    char buf[8192];
    ssize_t n;
    while ((n = read(0, buf, sizeof buf)) > 0) sb_add(&in, buf, (size_t)n);
    sb_field(&out, in.p, in.len);
    write_all(1, out.p + 1, out.len - 1);
    return n < 0 ? 1 : 0;
}

int main(int argc, char **argv) {
    if (argc == 2 && !strcmp(argv[1], "--encode")) return encode_stdin();
    int mode_isolate = 0, userns = 0, lock_alone = 0;
    const char *lock_path = NULL;
    long pids_max = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--isolate")) mode_isolate = 1;
        else if (!strcmp(argv[i], "--userns")) { mode_isolate = 1; userns = 1; }
        else if (!strcmp(argv[i], "--mqueue") && i + 1 < argc) mqdir = argv[++i];
        else if (!strcmp(argv[i], "--shmdir") && i + 1 < argc) shmdir = argv[++i];
        else if (!strcmp(argv[i], "--pids-max") && i + 1 < argc) pids_max = atol(argv[++i]);
        else if (!strcmp(argv[i], "--disk-bytes") && i + 1 < argc) disk_bytes = strtoull(argv[++i], NULL, 10);
        else if (!strcmp(argv[i], "--memory-bytes") && i + 1 < argc) mem_bytes = strtoull(argv[++i], NULL, 10);
        else if (!strcmp(argv[i], "--run-lock") && i + 2 < argc) { lock_path = argv[i + 1]; lock_alone = !strcmp(argv[i + 2], "alone"); i += 2; }
        else if (!strcmp(argv[i], "--work") && i + 1 < argc) workdir = argv[++i];
        else if (!strcmp(argv[i], "--strace") && i + 1 < argc) strace_path = argv[++i];
        else if (!strcmp(argv[i], "--trace-limit") && i + 1 < argc) trace_limit = strtoull(argv[++i], NULL, 10);
        else if (!strcmp(argv[i], "--root") && i + 2 < argc) {
            rootdir = argv[++i];
            if (parse_u64(argv[++i], 10, &rootbytes) < 0 || !rootbytes || !clean_path(rootdir)) {
                fprintf(stderr, "ipclab-init: bad --root\n"); return 2;
            }
        } else if (!strcmp(argv[i], "--scratch") && i + 1 < argc) {
            if (parse_u64(argv[++i], 10, &scratch_bytes) < 0 || !scratch_bytes) { fprintf(stderr, "ipclab-init: bad --scratch\n"); return 2; }
        } else if (!strcmp(argv[i], "--build-io") && i + 2 < argc) {
            build_in = argv[++i]; build_out = argv[++i];
            if (!clean_path(build_in) || !clean_path(build_out)) { fprintf(stderr, "ipclab-init: bad --build-io\n"); return 2; }
        } else if (!strcmp(argv[i], "--m")) { if (parse_root_mount(argc, argv, &i) < 0) return 2; }
        else { fprintf(stderr, "ipclab-init: unknown argument %s\n", argv[i]); return 2; }
    }
    if (lock_path) take_run_lock(lock_path, lock_alone);
    if ((nrootmounts || workdir || scratch_bytes || build_in) && !rootdir) { fprintf(stderr, "ipclab-init: --m, --work, --scratch and --build-io need --root\n"); return 2; }
    if (rootdir && !mode_isolate) { fprintf(stderr, "ipclab-init: --root needs --isolate or --userns\n"); return 2; }
    for (int i = 0; i < MAXBARRIER; i++) barriers[i][0] = barriers[i][1] = -1;
    signal(SIGPIPE, SIG_IGN);
    sigset_t mask;
    sigemptyset(&mask);
    sigaddset(&mask, SIGCHLD);
    sigprocmask(SIG_BLOCK, &mask, NULL);

    if (!userns && getuid() == 0) cgroup_setup(pids_max);
    if (!userns && getuid() == 0) memcg_setup(mem_bytes);
    if (mode_isolate) {
        if (setup_isolation(userns) < 0) { cgroup_remove(); return 3; }
        isolated = 1;
    } else {
        prctl(PR_SET_CHILD_SUBREAPER, 1);
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        /* POSIX queues are listed through an mqueue mount: in fallback only root can make one */
        if (mqdir && getuid() == 0 && mount("mqueue", mqdir, "mqueue", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) == 0) mq_host_mount = 1;
        else mqdir = NULL;
    }
    self_pid = getpid();
    /* no memory cgroup: memfds go into the scratch tmpfs, bounded by the disk limit */
    int memfd_scratch = isolated && !mem_dir[0] && memfd_redirect() == 0;
    sigfd = signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK);
    devnull = open("/dev/null", O_RDWR | O_CLOEXEC);
    fcntl(0, F_SETFD, FD_CLOEXEC);
    fcntl(1, F_SETFD, FD_CLOEXEC);
    fcntl(2, F_SETFD, FD_CLOEXEC);
    {
        char msg[160];
        int n = snprintf(msg, sizeof msg, "%s %d %s %s ipc-limits=%d%s", isolated ? "isolated" : "fallback", (int)self_pid,
                         cg_dir[0] ? "pids-cgroup" : "no-cgroup", mem_dir[0] ? "memory-cgroup" : "no-memory-cgroup", ipc_limits_set,
                         memfd_scratch ? " memfd-scratch" : "");
        send_frame(E_READY, msg, (size_t)n, NULL, 0);
    }

    static uint8_t *cmdbuf;
    static size_t cmdlen, cmdcap;
    struct pollfd pfds[2 + MAXSTREAM + 3 * MAXPROC]; /* + a trace pipe per process, the memfd listener */
    for (;;) {
        int np = 0;
        pfds[np++] = (struct pollfd){0, POLLIN, 0};
        pfds[np++] = (struct pollfd){sigfd, POLLIN, 0};
        for (int i = 0; i < MAXSTREAM; i++)
            if (streams[i].used) pfds[np++] = (struct pollfd){streams[i].rfd, POLLIN, 0};
        for (int i = 0; i < MAXPROC; i++)
            if (procs[i].used && procs[i].stdin_fd >= 0 && procs[i].head)
                pfds[np++] = (struct pollfd){procs[i].stdin_fd, POLLOUT, 0};
        np += trace_pollfds(pfds + np);
        int memfd_at = memfd_listener >= 0 ? np : -1;
        if (memfd_at >= 0) pfds[np++] = (struct pollfd){memfd_listener, POLLIN, 0};
        if (poll(pfds, (nfds_t)np, -1) < 0) { if (errno == EINTR) continue; send_error("poll"); break; }
        /* output first, so that data written before an exit is relayed before the exit */
        for (int i = 2; i < np; i++) {
            if (!(pfds[i].revents & (POLLIN | POLLHUP))) continue;
            for (int k = 0; k < MAXSTREAM; k++)
                if (streams[k].used && streams[k].rfd == pfds[i].fd) drain_stream(&streams[k]);
        }
        for (int i = 0; i < MAXPROC; i++)
            if (procs[i].used && procs[i].stdin_fd >= 0 && procs[i].head) flush_stdin(&procs[i]);
        if (memfd_at >= 0 && (pfds[memfd_at].revents & POLLIN)) memfd_answer();
        if (pfds[1].revents & POLLIN) {
            struct signalfd_siginfo si;
            while (read(sigfd, &si, sizeof si) > 0) {}
            drain_all_streams();
            trace_stops();
            reap();
        }
        trace_drain_all();
        if (pfds[0].revents & (POLLIN | POLLHUP | POLLERR)) {
            if (cmdlen + 65536 > cmdcap) { cmdcap = (cmdlen + 65536) * 2; cmdbuf = realloc(cmdbuf, cmdcap); }
            ssize_t n = read(0, cmdbuf + cmdlen, cmdcap - cmdlen);
            if (n <= 0) {
                if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
                /* the harness is gone: leave nothing behind */
                killall(0);
                leave(0);
            }
            cmdlen += (size_t)n;
            size_t off = 0;
            while (cmdlen - off >= 8) {
                uint32_t flen; uint16_t type;
                memcpy(&flen, cmdbuf + off, 4); memcpy(&type, cmdbuf + off + 4, 2);
                if (cmdlen - off - 8 < flen) break;
                handle_command(type, cmdbuf + off + 8, flen);
                off += 8 + flen;
            }
            memmove(cmdbuf, cmdbuf + off, cmdlen - off);
            cmdlen -= off;
        }
    }
    killall(0);
    return 0;
}
