// SPDX-License-Identifier: GPL-2.0
/*
 * soak: hours of hostile pressure on the TTM shrinker, in the VM.
 *
 * Several clients per DRM device, each with its own seed, create dumb
 * buffers of random sizes (4 KiB to 16 MiB), fill them, verify every dword,
 * rewrite and destroy them, keeping the total at 1.5 to 2 times the RAM.
 * Around them: an anonymous-memory hog that comes and goes (it may not
 * swap: the harness cgroup has memory.swap.max=0), fail_backup and
 * fail_restore injecting with a small probability, clients killed with
 * SIGKILL at random (some while they fault a buffer back in) and
 * respawned, SIGUSR1 to interrupt their faults, swapoff/swapon of the swap
 * device every few minutes, drop_caches now and then, and a memcg with
 * memory.max and memory.swap.max around one client per device.
 *
 * bochs and qxl have no purgeable path for dumb buffers (no madvise ioctl):
 * the purge pass of the shrinker is not reached from here.
 *
 * Prints a HARNESS-SOAK-PROGRESS line every minute and HARNESS-SOAK-RESULT
 * at the end, which the host (harness/soak-report.sh) turns into the
 * summary. Exit status 0 when nothing went wrong in the guest.
 *
 * Usage: soak --minutes N --swap DEV [--seed S] [--clients N]
 *             [--fault-interval N] [--swapoff-period S] [DEVICE...]
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdnoreturn.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/swap.h>
#include <sys/wait.h>

#include <drm/drm.h>
#include <drm/drm_mode.h>

#define MIB		(1024ULL * 1024)
#define PAGE		4096ULL
#define MAX_CLIENTS	32
#define MAX_BUFS	2048
#define MAX_DEVICES	8
#define MEMCG		"/sys/fs/cgroup/soak"
#define FAIL_TIMES	1000000000LL

enum { ST_IDLE, ST_TOUCHING, ST_BUSY };

struct slot {
	atomic_int pid;
	atomic_int state;		/* ST_TOUCHING: first access of a buffer */
	atomic_int killed;		/* SIGKILL sent by us */
	atomic_ullong total;		/* bytes held */
	atomic_ullong verified;		/* bytes verified */
	atomic_ullong mismatches;	/* dwords wrong */
	atomic_ullong sigbus;		/* SIGBUS retried */
	int device;
	bool memcg;
	unsigned int gen;		/* respawns */
};

struct shared {
	atomic_int tide;		/* 1: low (before swapoff) */
	atomic_int stop;
	atomic_int swapoff_retries;	/* failed under fault injection */
	struct slot slot[MAX_CLIENTS];
};

static struct shared *sh;
static const char *devices[MAX_DEVICES];
static unsigned int ndevices, nclients, per_device = 3;
static unsigned long long memtotal, seed;
static unsigned int minutes = 40, fault_interval = 100, swapoff_period = 300;
static const char *swapdev;

/* statistics of the orchestrator */
static unsigned long long kills, kills_touching, oom_kills, swapoffs, bad;
static unsigned long long signals_sent, hog_runs, hog_ooms, drops;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static unsigned long long rnd(unsigned long long *s)
{
	unsigned long long z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static void msleep(unsigned int ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

static void say(const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	/* one write: lines of several processes do not mix */
	if (write(1, buf, strlen(buf)) < 0)
		return;
}

static int write_file(const char *path, const char *val)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = write(fd, val, strlen(val));
	n = n < 0 ? -errno : 0;
	close(fd);
	return n;
}

static long long read_ll(const char *path)
{
	char buf[64] = "";
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	return strtoll(buf, NULL, 10);
}

static unsigned long long vmstat(const char *key)
{
	char name[64];
	unsigned long long v, r = 0;
	FILE *f = fopen("/proc/vmstat", "re");

	if (!f)
		return 0;
	while (fscanf(f, "%63s %llu", name, &v) == 2)
		if (!strcmp(name, key))
			r = v;
	fclose(f);
	return r;
}

static unsigned long long meminfo_kib(const char *key)
{
	char line[256];
	unsigned long long v = 0;
	size_t n = strlen(key);
	FILE *f = fopen("/proc/meminfo", "re");

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, key, n) && line[n] == ':')
			v = strtoull(line + n + 1, NULL, 10);
	fclose(f);
	return v;
}

static void oom_adj(int v)
{
	char buf[16];

	snprintf(buf, sizeof(buf), "%d", v);
	write_file("/proc/self/oom_score_adj", buf);
}

/* ------------------------------------------------------------- clients */

struct buf {
	uint32_t handle;
	uint32_t seed;
	unsigned long long size, offset;
};

static sigjmp_buf fault_env;
static volatile sig_atomic_t fault_armed;

static void on_sigbus(int sig)
{
	if (!fault_armed) {
		signal(sig, SIG_DFL);
		return;
	}
	fault_armed = 0;
	siglongjmp(fault_env, 1);
}

static void on_usr1(int sig)
{
	(void)sig;
}

static int xioctl(int fd, unsigned long req, void *arg)
{
	int r;

	do {
		r = ioctl(fd, req, arg);
	} while (r == -1 && (errno == EINTR || errno == EAGAIN));
	return r;
}

static noreturn void client_fail(struct slot *s, const char *what)
{
	say("soak: client %d (pid %d): %s: %s\n", (int)(s - sh->slot),
	    getpid(), what, strerror(errno));
	exit(2);
}

/*
 * Fill (@check false) or verify every dword of @b; a SIGBUS (an injected
 * restore failure) retries from the page that faulted. Returns the number
 * of wrong dwords.
 */
static unsigned long long access_buf(struct slot *s, int fd,
				     const struct buf *b, bool check)
{
	static volatile unsigned long long pos, wrong, first;
	static volatile unsigned int retries;
	static volatile uint32_t first_got;
	unsigned long long n = b->size / 4, i;
	uint32_t *map, want;

	map = mmap(NULL, b->size, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
		   b->offset);
	if (map == MAP_FAILED)
		client_fail(s, "mmap");
	pos = 0;
	wrong = 0;
	first = 0;
	retries = 0;
	if (sigsetjmp(fault_env, 1)) {
		atomic_fetch_add(&s->sigbus, 1);
		if (++retries > 100000) {
			errno = EFAULT;
			client_fail(s, "SIGBUS 100000 times on one buffer");
		}
	}
	fault_armed = 1;
	atomic_store(&s->state, ST_TOUCHING);
	for (i = pos; i < n; i++) {
		want = b->seed + (uint32_t)i;
		if (!check) {
			map[i] = want;
		} else if (map[i] != want) {
			if (!wrong) {
				first = i;
				first_got = map[i];
			}
			wrong++;
		}
		if (!(i & 1023)) {
			pos = i;
			atomic_store(&s->state, ST_BUSY);
		}
	}
	fault_armed = 0;
	atomic_store(&s->state, ST_IDLE);
	munmap(map, b->size);
	if (wrong) {
		say("soak: client %d: MISMATCH: handle %u, %llu KiB: %llu dwords wrong, first at %#llx: expected %#x, got %#x\n",
		    (int)(s - sh->slot), b->handle, b->size / 1024,
		    (unsigned long long)wrong, (unsigned long long)first * 4,
		    b->seed + (uint32_t)first, (uint32_t)first_got);
		atomic_fetch_add(&s->mismatches, wrong);
	}
	if (check)
		atomic_fetch_add(&s->verified, b->size);
	return wrong;
}

static void create_buf(struct slot *s, int fd, struct buf *b,
		       unsigned long long *rng)
{
	struct drm_mode_create_dumb c = { .width = 1024, .bpp = 32 };
	struct drm_mode_map_dumb m = { 0 };

	c.height = 1 + rnd(rng) % 4096;		/* 4 KiB to 16 MiB */
	if (xioctl(fd, DRM_IOCTL_MODE_CREATE_DUMB, &c))
		client_fail(s, "CREATE_DUMB");
	m.handle = c.handle;
	if (xioctl(fd, DRM_IOCTL_MODE_MAP_DUMB, &m))
		client_fail(s, "MAP_DUMB");
	b->handle = c.handle;
	b->size = c.size;
	b->offset = m.offset;
	b->seed = (uint32_t)rnd(rng);
	access_buf(s, fd, b, false);
}

static void destroy_buf(struct slot *s, int fd, struct buf *b)
{
	struct drm_mode_destroy_dumb d = { .handle = b->handle };

	if (xioctl(fd, DRM_IOCTL_MODE_DESTROY_DUMB, &d))
		client_fail(s, "DESTROY_DUMB");
}

static noreturn void client_main(struct slot *s)
{
	unsigned long long rng = seed ^ ((unsigned long long)(s - sh->slot) << 48) ^
				 ((unsigned long long)s->gen << 32);
	unsigned long long total = 0, lo, hi, scratch_size = 0, r;
	static struct buf bufs[MAX_BUFS];
	unsigned int n = 0, k;
	char *scratch = NULL;
	struct sigaction sa;
	int fd;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	oom_adj(0);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_sigbus;
	sigaction(SIGBUS, &sa, NULL);
	sa.sa_handler = on_usr1;	/* no SA_RESTART: interrupts faults */
	sigaction(SIGUSR1, &sa, NULL);
	if (s->memcg) {
		if (write_file(MEMCG "/cgroup.procs", "0"))
			client_fail(s, "joining " MEMCG);
		/* anonymous memory that the memcg must reclaim and swap */
		/* two clients share the memcg: 2 x 16 MiB, 48M + 128M swap */
		scratch_size = 16 * MIB;
		scratch = mmap(NULL, scratch_size, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (scratch == MAP_FAILED)
			client_fail(s, "mmap scratch");
	}
	fd = open(devices[s->device], O_RDWR | O_CLOEXEC);
	if (fd < 0)
		client_fail(s, devices[s->device]);

	while (!atomic_load(&sh->stop)) {
		if (atomic_load(&sh->tide)) {
			lo = memtotal / 5 / nclients;
			hi = memtotal * 3 / 10 / nclients;
		} else {
			lo = memtotal * 3 / 2 / nclients;
			hi = memtotal * 2 / nclients;
		}
		r = rnd(&rng) % 8;
		if (n < MAX_BUFS && (total < lo || (total < hi && r < 3))) {
			create_buf(s, fd, &bufs[n], &rng);
			total += bufs[n++].size;
		} else if (n && (total > hi || r < 5)) {
			/* verify, then destroy; at low tide, just destroy */
			k = rnd(&rng) % n;
			if (!atomic_load(&sh->tide) || total <= hi)
				access_buf(s, fd, &bufs[k], true);
			destroy_buf(s, fd, &bufs[k]);
			total -= bufs[k].size;
			bufs[k] = bufs[--n];
		} else if (n) {
			/* verify, then rewrite with a new pattern */
			k = rnd(&rng) % n;
			access_buf(s, fd, &bufs[k], true);
			bufs[k].seed = (uint32_t)rnd(&rng);
			access_buf(s, fd, &bufs[k], false);
		}
		atomic_store(&s->total, total);
		if (scratch) {
			r = rnd(&rng) % (scratch_size / (4 * MIB));
			memset(scratch + r * 4 * MIB, (int)rng, 4 * MIB);
		}
	}
	/* the end: every buffer is checked once more */
	for (k = 0; k < n; k++) {
		access_buf(s, fd, &bufs[k], true);
		destroy_buf(s, fd, &bufs[k]);
	}
	atomic_store(&s->total, 0);
	close(fd);
	exit(0);
}

static void spawn_client(unsigned int i)
{
	struct slot *s = &sh->slot[i];
	pid_t pid;

	atomic_store(&s->killed, 0);
	atomic_store(&s->state, ST_IDLE);
	atomic_store(&s->total, 0);
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		say("soak: fork: %s\n", strerror(errno));
		bad++;
		return;
	}
	if (!pid)
		client_main(s);
	atomic_store(&s->pid, pid);
	s->gen++;
}

/* ----------------------------------------------------------------- hog */

static noreturn void hog_main(unsigned long long size, unsigned int hold_s)
{
	unsigned long long off;
	double end;
	char *p;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	oom_adj(1000);
	p = mmap(NULL, size, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		exit(3);
	end = now() + hold_s;
	do {
		for (off = 0; off < size; off += PAGE)
			p[off]++;
		msleep(500);
	} while (now() < end && !atomic_load(&sh->stop));
	exit(0);
}

/* -------------------------------------------------------- orchestrator */

static const char * const fail_dirs[] = {
	"/sys/kernel/debug/ttm/fail_backup",
	"/sys/kernel/debug/ttm/fail_restore",
};

static void fail_attr(const char *dir, const char *attr, const char *val)
{
	char path[128];

	snprintf(path, sizeof(path), "%s/%s", dir, attr);
	if (write_file(path, val)) {
		say("soak: cannot write %s to %s\n", val, path);
		bad++;
	}
}

static void faults_on(void)
{
	char iv[16], times[24];
	unsigned int i;

	snprintf(iv, sizeof(iv), "%u", fault_interval);
	snprintf(times, sizeof(times), "%lld", FAIL_TIMES);
	for (i = 0; i < 2; i++) {
		fail_attr(fail_dirs[i], "verbose", "0");
		fail_attr(fail_dirs[i], "interval", iv);
		fail_attr(fail_dirs[i], "times", times);
		fail_attr(fail_dirs[i], "probability", "1");
	}
}

static unsigned long long faults_injected(void)
{
	char path[128];
	unsigned long long f = 0;
	long long t;
	unsigned int i;

	for (i = 0; i < 2; i++) {
		snprintf(path, sizeof(path), "%s/times", fail_dirs[i]);
		t = read_ll(path);
		if (t >= 0 && t <= FAIL_TIMES)
			f += FAIL_TIMES - t;
	}
	return f;
}

static void faults_off(void)
{
	unsigned int i;

	for (i = 0; i < 2; i++) {
		fail_attr(fail_dirs[i], "probability", "0");
		fail_attr(fail_dirs[i], "times", "1");
		fail_attr(fail_dirs[i], "interval", "1");
		fail_attr(fail_dirs[i], "verbose", "2");
	}
}

static unsigned long long totals(void)
{
	unsigned long long t = 0;
	unsigned int i;

	for (i = 0; i < nclients; i++)
		t += atomic_load(&sh->slot[i].total);
	return t;
}

static unsigned long long sum_mismatches(void)
{
	unsigned long long t = 0;
	unsigned int i;

	for (i = 0; i < nclients; i++)
		t += atomic_load(&sh->slot[i].mismatches);
	return t;
}

static unsigned long long sum_sigbus(void)
{
	unsigned long long t = 0;
	unsigned int i;

	for (i = 0; i < nclients; i++)
		t += atomic_load(&sh->slot[i].sigbus);
	return t;
}

static unsigned long long sum_verified(void)
{
	unsigned long long t = 0;
	unsigned int i;

	for (i = 0; i < nclients; i++)
		t += atomic_load(&sh->slot[i].verified);
	return t;
}

static double t_start, next_progress;
static unsigned long long out0, f0;

static void progress(const char *tag);

static pid_t hog_pid, swap_pid, drop_pid;
static double drop_t0, drop_max;
static bool hog_killed;		/* by us, before a swapoff or at the end */
static int swap_status;
static bool swap_done;
static unsigned long long oom_seen;

/* reap what died; respawn clients unless stopping */
static void reap(bool respawn)
{
	unsigned long long ooms;
	int status, sig;
	unsigned int i;
	pid_t pid;

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
		if (pid == drop_pid) {
			drop_pid = 0;
			drops++;
			if (now() - drop_t0 > drop_max)
				drop_max = now() - drop_t0;
			if (now() - drop_t0 > 60)
				say("soak: drop_caches took %.0f s\n",
				    now() - drop_t0);
			continue;
		}
		if (pid == swap_pid) {
			swap_status = status;
			swap_done = true;
			continue;
		}
		if (pid == hog_pid) {
			hog_pid = 0;
			if (WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL &&
			    !hog_killed)
				hog_ooms++;
			hog_killed = false;
			continue;
		}
		for (i = 0; i < nclients; i++)
			if (atomic_load(&sh->slot[i].pid) == pid)
				break;
		if (i == nclients)
			continue;
		atomic_store(&sh->slot[i].pid, 0);
		sig = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
		if (sig == SIGKILL && atomic_load(&sh->slot[i].killed)) {
			/* ours */
		} else if (sig == SIGKILL) {
			ooms = vmstat("oom_kill");
			if (ooms > oom_seen) {
				oom_seen = ooms;
				oom_kills++;
				say("soak: client %u (pid %d) OOM-killed\n", i,
				    pid);
			} else {
				say("soak: client %u (pid %d) got a SIGKILL that is neither ours nor the OOM killer's\n",
				    i, pid);
				bad++;
			}
		} else if (sig) {
			say("soak: client %u (pid %d) died of signal %d (%s)\n",
			    i, pid, sig, strsignal(sig));
			bad++;
		} else if (WEXITSTATUS(status) || respawn) {
			say("soak: client %u (pid %d) exited with status %d\n",
			    i, pid, WEXITSTATUS(status));
			bad++;
		}
		if (respawn)
			spawn_client(i);
	}
}

static void kill_client(unsigned int i, bool touching)
{
	struct slot *s = &sh->slot[i];
	pid_t pid = atomic_load(&s->pid);

	if (!pid)
		return;
	atomic_store(&s->killed, 1);
	if (!kill(pid, SIGKILL)) {
		kills++;
		kills_touching += touching;
	}
}

/* kill a client, preferably one that is faulting a buffer back in */
static void kill_someone(unsigned long long *rng)
{
	double end = now() + 3;
	unsigned int i;

	if (rnd(rng) % 2) {
		while (now() < end) {
			for (i = 0; i < nclients; i++)
				if (atomic_load(&sh->slot[i].state) ==
				    ST_TOUCHING) {
					kill_client(i, true);
					return;
				}
			msleep(1);
		}
	}
	kill_client(rnd(rng) % nclients, false);
}

/* what the orchestrator does between two looks at the clock */
static void tick(void)
{
	reap(true);
	if (now() >= next_progress) {
		progress("PROGRESS");
		while (next_progress <= now())
			next_progress += 60;
	}
}

/* swapoff and swapon in a child: the orchestrator keeps watching */
static void swap_cycle(unsigned long long *rng)
{
	double t0 = now(), end = now() + 60;
	unsigned long long before = totals();
	int status;
	pid_t pid;

	(void)rng;
	atomic_store(&sh->tide, 1);
	if (hog_pid) {
		hog_killed = true;
		kill(hog_pid, SIGKILL);
	}
	while (now() < end && totals() > memtotal / 2) {
		msleep(100);
		tick();
	}
	say("soak: swapoff %s: buffers down from %llu to %llu MiB in %.0f s\n",
	    swapdev, before / MIB, totals() / MIB, now() - t0);
	swap_done = false;
	swap_status = 0;
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		say("soak: fork: %s\n", strerror(errno));
		bad++;
		atomic_store(&sh->tide, 0);
		return;
	}
	if (!pid) {
		unsigned int tries = 0;

		/*
		 * An injected restore failure fails the swapoff (EINTR or
		 * ENOMEM from the TTM notifier): what was restored stays,
		 * so each try gets further. With hundreds of MiB backed up,
		 * a try meets a failure most of the time.
		 */
		while (swapoff(swapdev)) {
			if ((errno != EINTR && errno != ENOMEM) || ++tries > 200) {
				say("soak: swapoff %s: %s, after %u tries\n",
				    swapdev, strerror(errno), tries);
				exit(1);
			}
			atomic_fetch_add(&sh->swapoff_retries, 1);
			msleep(200);
		}
		if (tries)
			say("soak: swapoff %s went through after %u failures (injected)\n",
			    swapdev, tries);
		if (swapon(swapdev, 0)) {
			say("soak: swapon %s: %s\n", swapdev, strerror(errno));
			exit(2);
		}
		exit(0);
	}
	swap_pid = pid;
	t0 = now();
	for (;;) {
		tick();
		if (swap_done)
			break;
		if (now() - t0 > 600) {
			say("HARNESS-ERROR: swapoff %s hangs; blocked tasks:\n",
			    swapdev);
			write_file("/proc/sysrq-trigger", "w");
			bad++;
			waitpid(pid, &swap_status, 0);
			break;
		}
		msleep(100);
	}
	swap_pid = 0;
	status = swap_status;
	if (WIFEXITED(status) && !WEXITSTATUS(status)) {
		swapoffs++;
		say("soak: swapoff and swapon of %s took %.1f s\n", swapdev,
		    now() - t0);
	} else {
		bad++;
	}
	atomic_store(&sh->tide, 0);
}

static void memcg_setup(void)
{
	if (mkdir(MEMCG, 0755) && errno != EEXIST) {
		say("soak: mkdir " MEMCG ": %s\n", strerror(errno));
		bad++;
		return;
	}
	if (write_file(MEMCG "/memory.max", "48M") ||
	    write_file(MEMCG "/memory.swap.max", "128M")) {
		say("soak: cannot set the limits of " MEMCG "\n");
		bad++;
	}
}

static void progress(const char *tag)
{
	unsigned long long out = vmstat("pswpout") - out0;

	say("HARNESS-SOAK-%s min=%.1f swapped_mib=%llu faults=%llu kills=%llu kills_touching=%llu swapoffs=%llu mismatches=%llu bad=%llu oom_kills=%llu sigbus=%llu signals=%llu verified_mib=%llu buffers_mib=%llu hogs=%llu hog_ooms=%llu drops=%llu drop_max_s=%.0f swapoff_retries=%d\n",
	    tag, (now() - t_start) / 60, out * PAGE / MIB,
	    faults_injected() - f0, kills, kills_touching, swapoffs,
	    sum_mismatches(), bad, oom_kills, sum_sigbus(), signals_sent,
	    sum_verified() / MIB, totals() / MIB, hog_runs, hog_ooms, drops,
	    drop_max, atomic_load(&sh->swapoff_retries));
}

static void usage(void)
{
	fprintf(stderr, "usage: soak --minutes N --swap DEV [--seed S] [--clients N] [--fault-interval N] [--swapoff-period S] DEVICE...\n");
	exit(2);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "minutes", required_argument, NULL, 'm' },
		{ "swap", required_argument, NULL, 's' },
		{ "seed", required_argument, NULL, 'S' },
		{ "clients", required_argument, NULL, 'c' },
		{ "fault-interval", required_argument, NULL, 'f' },
		{ "swapoff-period", required_argument, NULL, 'p' },
		{ NULL, 0, NULL, 0 },
	};
	double t0, end, stop_at, next_kill, next_hog, next_drop, next_swap;
	double next_sig;
	bool hog_running = false;
	unsigned long long rng;
	unsigned int i;
	int o;

	setvbuf(stdout, NULL, _IONBF, 0);
	seed = (unsigned long long)time(NULL);
	while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (o) {
		case 'm': minutes = strtoul(optarg, NULL, 10); break;
		case 's': swapdev = optarg; break;
		case 'S': seed = strtoull(optarg, NULL, 0); break;
		case 'c': per_device = strtoul(optarg, NULL, 10); break;
		case 'f': fault_interval = strtoul(optarg, NULL, 10); break;
		case 'p': swapoff_period = strtoul(optarg, NULL, 10); break;
		default: usage();
		}
	}
	for (; optind < argc && ndevices < MAX_DEVICES; optind++)
		devices[ndevices++] = argv[optind];
	if (!minutes || !swapdev || !ndevices || !per_device ||
	    !fault_interval || !swapoff_period)
		usage();
	nclients = ndevices * per_device;
	if (nclients > MAX_CLIENTS)
		usage();
	memtotal = meminfo_kib("MemTotal") * 1024;
	rng = seed;

	sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE,
		  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED)
		return 2;
	memset(sh, 0, sizeof(*sh));
	oom_adj(-1000);
	signal(SIGPIPE, SIG_IGN);
	/*
	 * A client may get SIGUSR1 before it has installed its handler:
	 * ignored until then (the disposition survives fork), not fatal.
	 */
	signal(SIGUSR1, SIG_IGN);

	say("soak: %u minutes, seed %llu, %u MiB RAM, %u clients on %u devices, buffers 1.5 to 2 x RAM, faults 1%% of 1 in %u calls, swapoff every %u s\n",
	    minutes, seed, (unsigned int)(memtotal / MIB), nclients, ndevices,
	    fault_interval, swapoff_period);
	memcg_setup();
	for (i = 0; i < nclients; i++) {
		sh->slot[i].device = i % ndevices;
		/* the last client of each device runs in the memcg */
		sh->slot[i].memcg = i / ndevices == per_device - 1;
		sh->slot[i].gen = 0;
	}
	oom_seen = vmstat("oom_kill");
	out0 = vmstat("pswpout");
	faults_on();
	f0 = faults_injected();
	for (i = 0; i < nclients; i++)
		spawn_client(i);

	t0 = now();
	t_start = t0;
	end = t0 + minutes * 60.0;
	/* leave time for the clients' last check of every buffer */
	stop_at = end - (minutes > 4 ? 60 : 15 * minutes);
	next_kill = t0 + 30 + rnd(&rng) % 30;
	next_hog = t0 + 20;
	next_drop = t0 + 30 + rnd(&rng) % 30;
	next_swap = t0 + (swapoff_period < minutes * 30 ? swapoff_period :
			  minutes * 30);
	next_sig = t0 + 1;
	next_progress = t0 + 60;
	while (now() < stop_at) {
		msleep(50);
		tick();
		if (now() >= next_kill) {
			kill_someone(&rng);
			/* rarely enough that clients get back to 1.5 x RAM */
			next_kill = now() + 20 + rnd(&rng) % 41;
		}
		if (now() >= next_sig) {
			pid_t pid = atomic_load(&sh->slot[rnd(&rng) % nclients].pid);

			if (pid && !kill(pid, SIGUSR1))
				signals_sent++;
			next_sig = now() + 0.2 + (rnd(&rng) % 1000) / 1000.0;
		}
		if (hog_running && !hog_pid) {
			/* it ended (or the OOM killer ended it): a pause */
			hog_running = false;
			next_hog = now() + 5 + rnd(&rng) % 11;
		}
		if (!hog_pid && now() >= next_hog) {
			unsigned long long size = memtotal / 100 *
				(30 + rnd(&rng) % 31);
			unsigned int hold = 5 + rnd(&rng) % 16;
			pid_t pid;

			fflush(NULL);
			pid = fork();
			if (!pid)
				hog_main(size, hold);
			if (pid > 0) {
				hog_pid = pid;
				hog_runs++;
				hog_running = true;
			}
		}
		if (!drop_pid && now() >= next_drop) {
			/* in a child: with the TTM shrinker it can take long */
			fflush(NULL);
			drop_pid = fork();
			if (!drop_pid)
				exit(write_file("/proc/sys/vm/drop_caches", "3") ?
				     1 : 0);
			if (drop_pid < 0)
				drop_pid = 0;
			drop_t0 = now();
			next_drop = now() + 30 + rnd(&rng) % 60;
		}
		if (now() >= next_swap) {
			swap_cycle(&rng);
			next_swap = now() + swapoff_period;
		}
	}

	/* stop: the clients check every buffer they hold and exit */
	say("soak: stopping after %.1f min; the clients check every buffer once more\n",
	    (now() - t0) / 60);
	atomic_store(&sh->stop, 1);
	if (hog_pid) {
		hog_killed = true;
		kill(hog_pid, SIGKILL);
	}
	end = now() + 600;
	for (;;) {
		bool alive = false;

		reap(false);
		if (now() >= next_progress) {
			progress("PROGRESS");
			while (next_progress <= now())
				next_progress += 60;
		}
		for (i = 0; i < nclients; i++)
			alive |= atomic_load(&sh->slot[i].pid) != 0;
		if (!alive && !hog_pid && !drop_pid)
			break;
		if (now() > end) {
			say("soak: clients still running after 10 minutes\n");
			bad++;
			break;
		}
		msleep(100);
	}
	progress("RESULT");
	faults_off();
	return bad || sum_mismatches() ? 1 : 0;
}
