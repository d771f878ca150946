// SPDX-License-Identifier: GPL-2.0
/*
 * gpu_bench: the workloads of "make bench" (see harness/bench.sh).
 *
 *   gpu_bench anon -m MIB -p PASSES [-o PID [-a]]
 *	Touch every page of an anonymous working set PASSES times (the
 *	first pass allocates it), then check each page's counter.
 *	-o: process PID holds idle dumb buffers beside it (idle anonymous
 *	memory with -a); report how much of that memory was taken
 *	(taken_mib: the pages the TTM shrinkers backed up or purged, "n/a"
 *	without TTM shrinkers; with -a, the growth of PID's VmSwap) and
 *	when 90% of that was taken (reclaim_s).
 *   gpu_bench idle (-d DEV | -a) -m MIB [-b BUF_MIB]
 *	Fill dumb buffers (anonymous memory with -a: the kernel's own swap
 *	path, the reference for the dumb buffers), check every dword once
 *	(fresh_s), print "gpu_bench: idle ready", sleep until SIGUSR1, then
 *	check every dword (the wake-up, measured as scenario "idle-check"),
 *	check them again (restored_s: a pass over the buffers the wake-up
 *	brought back, scenario "idle-pass") and free them.
 *   gpu_bench cycle (-d DEV | -a) -m TOTAL_MIB [-b BUF_MIB] -n TOUCHES [-s SEED]
 *	gem_lmem_swapping-like: fill buffers totalling TOTAL_MIB (dumb
 *	buffers on DEV, or anonymous memory with -a), then touch TOUCHES
 *	random buffers: check every dword, write a new generation.
 *   gpu_bench overhead -d DEV [-b BUF_MIB] [-c COUNT] [-i ITERS]
 *	Create COUNT dumb buffers, map them, write every page, unmap and
 *	destroy them, ITERS times; the first iteration warms up.
 *
 * Every measured phase prints one line "BENCH key=value ..." with its
 * time; swap traffic in pages (pswpout, pswpin; nr_vmscan_write, the
 * pages reclaim wrote out itself, and shrinker_wrote, pswpout minus
 * that: what a shrinker wrote); direct reclaim (allocstall, all zones,
 * and pgscan_direct); peak RAM, swap and swap cache in use (MemTotal -
 * MemAvailable, SwapTotal - SwapFree, SwapCached, sampled every 20 ms)
 * and memory stall time (PSI "some", /proc/pressure/memory); where the
 * CPU time went (cpu_*: all CPUs, /proc/stat; self_*: this process;
 * kswapd_s: kswapd0).
 * Exit status: 0 if all content checked out, 1 on a mismatch, 2 on errors.
 */
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include <drm/drm.h>
#include <drm/drm_mode.h>

#include "proc_value.h"

#define PAGE 4096UL

struct buf {
	uint32_t handle;
	uint64_t size, offset;
	uint32_t *map;
	uint32_t gen;
};

static const char *tag = "";

static void die(const char *what)
{
	fprintf(stderr, "gpu_bench: %s: %s\n", what, strerror(errno));
	exit(2);
}

static void usage(void)
{
	fprintf(stderr,
		"usage: gpu_bench anon -m MIB -p PASSES [-o PID [-a]] [-t TAG]\n"
		"       gpu_bench idle (-d DEV | -a) -m MIB [-b BUF_MIB] [-t TAG]\n"
		"       gpu_bench cycle (-d DEV | -a) -m TOTAL_MIB [-b BUF_MIB] -n TOUCHES [-s SEED] [-t TAG]\n"
		"       gpu_bench overhead -d DEV [-b BUF_MIB] [-c COUNT] [-i ITERS] [-t TAG]\n");
	exit(2);
}

static unsigned long num(const char *s)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 0);
	if (errno || !*s || *end || *s == '-') {
		fprintf(stderr, "gpu_bench: '%s' is not a number\n", s);
		exit(2);
	}
	return v;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}


/* Total memory stall time in microseconds, PSI "some", or -1. */
static long long psi_some_us(void)
{
	char line[256], *p;
	long long v = -1;
	FILE *f = fopen("/proc/pressure/memory", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, "some ", 5) && (p = strstr(line, "total=")))
			v = atoll(p + 6);
	fclose(f);
	return v;
}

/*
 * Pages taken so far from the idle memory of process @owner: the pages of
 * its anonymous memory in swap (VmSwap) if @anon, else the pages the TTM
 * shrinkers of all devices backed up or purged. -1 if unknown.
 */
static long long taken_pages(pid_t owner, int anon)
{
	long long sum = -1;
	glob_t g;

	if (anon) {
		char status[64];
		long long kib;

		snprintf(status, sizeof(status), "/proc/%d/status", (int)owner);
		kib = proc_value(status, "VmSwap");
		return kib < 0 ? -1 : kib * 1024 / (long long)PAGE;
	}
	if (glob("/sys/kernel/debug/ttm/*/shrink_stats", 0, NULL, &g))
		return -1;
	for (size_t i = 0; i < g.gl_pathc; i++) {
		long long b = proc_value(g.gl_pathv[i], "backups");
		long long p = proc_value(g.gl_pathv[i], "purged");

		if (b >= 0)
			sum = (sum < 0 ? 0 : sum) + b + (p > 0 ? p : 0);
	}
	globfree(&g);
	return sum;
}

/* The /proc/vmstat counters of a phase; -1: not in this kernel. */
struct vmstat {
	long long pswpout, pswpin, vmscan_write, allocstall, pgscan_direct;
};

static void vmstat_read(struct vmstat *v)
{
	char key[64];
	long long val;
	FILE *f = fopen("/proc/vmstat", "r");

	*v = (struct vmstat){ -1, -1, -1, -1, -1 };
	while (f && fscanf(f, "%63s %lld", key, &val) == 2) {
		if (!strcmp(key, "pswpout"))
			v->pswpout = val;
		else if (!strcmp(key, "pswpin"))
			v->pswpin = val;
		else if (!strcmp(key, "nr_vmscan_write"))
			v->vmscan_write = val;
		else if (!strncmp(key, "allocstall_", 11))	/* one per zone */
			v->allocstall = (v->allocstall < 0 ? 0 : v->allocstall) + val;
		else if (!strcmp(key, "pgscan_direct"))
			v->pgscan_direct = val;
	}
	if (f)
		fclose(f);
}

/* Prints " KEY=DELTA" of a counter read at both ends of a phase. */
static void print_delta(const char *key, long long before, long long after)
{
	if (before < 0 || after < 0)
		printf(" %s=n/a", key);
	else
		printf(" %s=%lld", key, after - before);
}

/*
 * The sampler: peak RAM, swap and swap cache in use and, while idle memory
 * exists beside, the pages taken from it (a step each time the count
 * changes).
 */
#define MAX_STEPS 65536
static struct {
	pthread_mutex_t lock;
	int stop, owner_anon, no_counter, nsteps;
	pid_t owner;			/* holds the idle memory; 0: none */
	long long peak_ram_kib, peak_swap_kib, peak_swapcache_kib;
	long long taken0;		/* taken pages at the start */
	double t0, step_t[MAX_STEPS];
	long long step_taken[MAX_STEPS];
} smp = { .lock = PTHREAD_MUTEX_INITIALIZER };

static void *sampler(void *arg)
{
	(void)arg;
	for (;;) {
		long long tot = 0, avail = 0, st = 0, sf = 0, sc = 0, taken = -1, v;
		char line[128], key[64];
		FILE *f = fopen("/proc/meminfo", "r");

		while (f && fgets(line, sizeof(line), f)) {
			if (sscanf(line, "%63[^:]: %lld", key, &v) != 2)
				continue;
			if (!strcmp(key, "MemTotal"))
				tot = v;
			else if (!strcmp(key, "MemAvailable"))
				avail = v;
			else if (!strcmp(key, "SwapTotal"))
				st = v;
			else if (!strcmp(key, "SwapFree"))
				sf = v;
			else if (!strcmp(key, "SwapCached"))
				sc = v;
		}
		if (f)
			fclose(f);

		pthread_mutex_lock(&smp.lock);
		if (smp.stop) {
			pthread_mutex_unlock(&smp.lock);
			return NULL;
		}
		pthread_mutex_unlock(&smp.lock);
		if (smp.owner)
			taken = taken_pages(smp.owner, smp.owner_anon);

		pthread_mutex_lock(&smp.lock);
		if (tot - avail > smp.peak_ram_kib)
			smp.peak_ram_kib = tot - avail;
		if (st - sf > smp.peak_swap_kib)
			smp.peak_swap_kib = st - sf;
		if (sc > smp.peak_swapcache_kib)
			smp.peak_swapcache_kib = sc;
		if (smp.owner && taken < 0)
			smp.no_counter = 1;
		if (smp.owner && taken >= 0 && smp.nsteps < MAX_STEPS &&
		    (!smp.nsteps || smp.step_taken[smp.nsteps - 1] != taken)) {
			smp.step_t[smp.nsteps] = now() - smp.t0;
			smp.step_taken[smp.nsteps++] = taken;
		}
		pthread_mutex_unlock(&smp.lock);
		usleep(20000);
	}
}

/*
 * Where the CPU time of a phase went, in seconds: all CPUs from /proc/stat
 * (user, system, idle, iowait, irq + softirq), this process (all its
 * threads) and kswapd0. -1: not readable.
 */
enum { CPU_USER, CPU_SYS, CPU_IDLE, CPU_IOWAIT, CPU_IRQ, CPU_SELF_USER,
       CPU_SELF_SYS, CPU_KSWAPD, CPU_N };
struct cpu {
	double v[CPU_N];
};

static pid_t kswapd_pid(void)
{
	glob_t g;
	pid_t pid = 0;

	if (glob("/proc/[0-9]*/comm", 0, NULL, &g))
		return 0;
	for (size_t i = 0; i < g.gl_pathc && !pid; i++) {
		char comm[32] = "";
		FILE *f = fopen(g.gl_pathv[i], "r");

		if (!f)
			continue;
		if (fgets(comm, sizeof(comm), f) && !strcmp(comm, "kswapd0\n"))
			pid = atoi(g.gl_pathv[i] + 6);
		fclose(f);
	}
	globfree(&g);
	return pid;
}

static void cpu_read(struct cpu *c)
{
	static pid_t kswapd = -1;
	double hz = sysconf(_SC_CLK_TCK);
	unsigned long long v[7] = { 0 }, ut, st;
	struct rusage ru;
	char path[64];
	FILE *f;

	for (int i = 0; i < CPU_N; i++)
		c->v[i] = -1;
	f = fopen("/proc/stat", "r");
	if (f && fscanf(f, "cpu %llu %llu %llu %llu %llu %llu %llu", &v[0], &v[1],
			&v[2], &v[3], &v[4], &v[5], &v[6]) == 7) {
		c->v[CPU_USER] = (v[0] + v[1]) / hz;
		c->v[CPU_SYS] = v[2] / hz;
		c->v[CPU_IDLE] = v[3] / hz;
		c->v[CPU_IOWAIT] = v[4] / hz;
		c->v[CPU_IRQ] = (v[5] + v[6]) / hz;
	}
	if (f)
		fclose(f);
	if (!getrusage(RUSAGE_SELF, &ru)) {
		c->v[CPU_SELF_USER] = ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6;
		c->v[CPU_SELF_SYS] = ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
	}
	if (kswapd < 0)
		kswapd = kswapd_pid();
	snprintf(path, sizeof(path), "/proc/%d/stat", (int)kswapd);
	f = kswapd ? fopen(path, "r") : NULL;
	/* After "(comm)": fields 3 to 13, then utime and stime (14, 15). */
	if (f && fscanf(f, "%*d (%*[^)]) %*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu",
			&ut, &st) == 2)
		c->v[CPU_KSWAPD] = (ut + st) / hz;
	if (f)
		fclose(f);
}

static void print_cpu(const struct cpu *a, const struct cpu *b)
{
	static const char *const keys[CPU_N] = { "cpu_user_s", "cpu_sys_s", "cpu_idle_s",
		"cpu_iowait_s", "cpu_irq_s", "self_user_s", "self_sys_s", "kswapd_s" };

	for (int i = 0; i < CPU_N; i++)
		if (a->v[i] < 0 || b->v[i] < 0)
			printf(" %s=n/a", keys[i]);
		else
			printf(" %s=%.2f", keys[i], b->v[i] - a->v[i]);
}

static struct {
	double t;
	long long psi;
	struct vmstat vm;
	struct cpu cpu;
	pthread_t thread;
} m0;

/*
 * Starts a phase. @owner: the process holding idle memory beside it (0:
 * none), anonymous memory if @owner_anon, else dumb buffers.
 */
static void measure_begin(pid_t owner, int owner_anon)
{
	smp.stop = 0;
	smp.peak_ram_kib = smp.peak_swap_kib = smp.peak_swapcache_kib = 0;
	smp.owner = owner;
	smp.owner_anon = owner_anon;
	smp.no_counter = 0;
	smp.nsteps = 0;
	smp.taken0 = owner ? taken_pages(owner, owner_anon) : -1;
	vmstat_read(&m0.vm);
	cpu_read(&m0.cpu);
	m0.psi = psi_some_us();
	m0.t = smp.t0 = now();
	if (pthread_create(&m0.thread, NULL, sampler, NULL))
		die("pthread_create");
}

/* Ends a phase and prints its line; @extra is appended as is. */
static void measure_end(const char *scenario, const char *extra)
{
	double t = now() - m0.t;
	long long psi = psi_some_us();
	long long taken = smp.owner ? taken_pages(smp.owner, smp.owner_anon) : -1;
	struct vmstat vm;
	struct cpu cpu;
	char reclaim[64] = "reclaim_s=- taken_mib=-";

	vmstat_read(&vm);
	cpu_read(&cpu);
	pthread_mutex_lock(&smp.lock);
	smp.stop = 1;
	pthread_mutex_unlock(&smp.lock);
	pthread_join(m0.thread, NULL);
	/*
	 * With idle memory beside: the MiB taken from it, and when 90% of
	 * that was taken ("n/a": no counter, e.g. no TTM shrinker).
	 */
	if (smp.owner && (smp.no_counter || smp.taken0 < 0 || taken < 0)) {
		snprintf(reclaim, sizeof(reclaim), "reclaim_s=n/a taken_mib=n/a");
	} else if (smp.owner) {
		long long total = taken - smp.taken0;
		double at = t;

		for (int i = 0; i < smp.nsteps; i++)
			if ((smp.step_taken[i] - smp.taken0) * 10 >= total * 9) {
				at = smp.step_t[i];
				break;
			}
		snprintf(reclaim, sizeof(reclaim), "reclaim_s=%.2f taken_mib=%lld", at,
			 total * (long long)PAGE >> 20);
	}
	printf("BENCH scenario=%s tag=%s time_s=%.3f", scenario, *tag ? tag : "-", t);
	print_delta("pswpout", m0.vm.pswpout, vm.pswpout);
	print_delta("pswpin", m0.vm.pswpin, vm.pswpin);
	print_delta("nr_vmscan_write", m0.vm.vmscan_write, vm.vmscan_write);
	/* The swap writes reclaim did not do itself: a shrinker did them. */
	if (m0.vm.pswpout < 0 || vm.pswpout < 0 || m0.vm.vmscan_write < 0 || vm.vmscan_write < 0)
		printf(" shrinker_wrote=n/a");
	else
		printf(" shrinker_wrote=%lld", (vm.pswpout - m0.vm.pswpout) -
		       (vm.vmscan_write - m0.vm.vmscan_write));
	print_delta("allocstall", m0.vm.allocstall, vm.allocstall);
	print_delta("pgscan_direct", m0.vm.pgscan_direct, vm.pgscan_direct);
	print_cpu(&m0.cpu, &cpu);
	printf(" peak_ram_mib=%lld peak_swap_mib=%lld peak_swapcache_mib=%lld stall_s=%.3f %s %s\n",
	       smp.peak_ram_kib >> 10, smp.peak_swap_kib >> 10, smp.peak_swapcache_kib >> 10,
	       psi >= 0 && m0.psi >= 0 ? (psi - m0.psi) / 1e6 : -1.0,
	       reclaim, extra ? extra : "");
	fflush(stdout);
}

static uint32_t word(uint32_t seed, uint64_t i)
{
	return seed * 0x9e3779b9U + (uint32_t)i * 2654435761U;
}

static int dev_open(const char *dev)
{
	int fd;

	if (!dev) {
		fprintf(stderr, "gpu_bench: -d DEVICE is required\n");
		exit(2);
	}
	fd = open(dev, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		die(dev);
	return fd;
}

static void dumb_create(int fd, struct buf *b, unsigned long mib)
{
	/* 32 bpp, 1024 pixels wide: 4 KiB per line. */
	struct drm_mode_create_dumb c = { .width = 1024, .height = mib * 256, .bpp = 32 };
	struct drm_mode_map_dumb m = { 0 };
	void *p;

	if (ioctl(fd, DRM_IOCTL_MODE_CREATE_DUMB, &c))
		die("DRM_IOCTL_MODE_CREATE_DUMB");
	m.handle = c.handle;
	if (ioctl(fd, DRM_IOCTL_MODE_MAP_DUMB, &m))
		die("DRM_IOCTL_MODE_MAP_DUMB");
	p = mmap(NULL, c.size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, m.offset);
	if (p == MAP_FAILED)
		die("mmap of a dumb buffer");
	*b = (struct buf){ .handle = c.handle, .size = c.size, .offset = m.offset, .map = p };
}

static void dumb_destroy(int fd, struct buf *b)
{
	struct drm_mode_destroy_dumb d = { .handle = b->handle };

	if (munmap(b->map, b->size))
		die("munmap");
	if (ioctl(fd, DRM_IOCTL_MODE_DESTROY_DUMB, &d))
		die("DRM_IOCTL_MODE_DESTROY_DUMB");
}

static void anon_create(struct buf *b, unsigned long mib)
{
	void *p = mmap(NULL, mib << 20, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		die("mmap of anonymous memory");
	*b = (struct buf){ .size = mib << 20, .map = p };
}

/* A buffer of @mib MiB: a dumb buffer on @fd, anonymous memory if @fd < 0. */
static void buf_create(int fd, struct buf *b, unsigned long mib)
{
	if (fd < 0)
		anon_create(b, mib);
	else
		dumb_create(fd, b, mib);
}

static void buf_destroy(int fd, struct buf *b)
{
	if (fd >= 0)
		dumb_destroy(fd, b);
	else if (munmap(b->map, b->size))
		die("munmap");
}

static void fill(struct buf *b, uint32_t seed)
{
	for (uint64_t j = 0; j < b->size / 4; j++)
		b->map[j] = word(seed, j);
}

static uint64_t check(const struct buf *b, uint32_t seed)
{
	uint64_t bad = 0;

	for (uint64_t j = 0; j < b->size / 4; j++)
		bad += b->map[j] != word(seed, j);
	return bad;
}

/* Check every dword of the @n buffers of do_idle(), filled with seeds 1..n. */
static uint64_t check_all(const struct buf *bufs, unsigned long n)
{
	uint64_t bad = 0;

	for (unsigned long i = 0; i < n; i++)
		bad += check(&bufs[i], i + 1);
	return bad;
}

static int do_anon(unsigned long mib, unsigned long passes, pid_t owner, int owner_anon)
{
	size_t len = mib << 20, k;
	uint64_t *a, bad = 0;
	char extra[128];

	if (!mib || !passes || (owner_anon && !owner))
		usage();
	measure_begin(owner, owner_anon);
	a = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (a == MAP_FAILED)
		die("mmap");
	for (unsigned long p = 0; p < passes; p++)
		for (k = 0; k < len / 8; k += PAGE / 8)
			a[k]++;
	for (k = 0; k < len / 8; k += PAGE / 8)
		bad += a[k] != passes;
	snprintf(extra, sizeof(extra), "mib=%lu passes=%lu beside=%s mismatches=%llu",
		 mib, passes, !owner ? "-" : owner_anon ? "anon" : "dumb",
		 (unsigned long long)bad);
	measure_end("anon", extra);
	munmap(a, len);
	return bad ? 1 : 0;
}

static volatile sig_atomic_t woken;

static void on_usr1(int sig)
{
	(void)sig;
	woken = 1;
}

static int do_idle(const char *dev, int anon, unsigned long mib, unsigned long buf_mib)
{
	unsigned long n = mib / buf_mib, i;
	struct sigaction sa = { .sa_handler = on_usr1 };
	struct buf *bufs;
	uint64_t bad = 0;
	sigset_t set, old;
	char extra[96];
	double t, fresh;
	int fd;

	if (!n || (!anon == !dev))
		usage();
	fd = anon ? -1 : dev_open(dev);
	bufs = calloc(n, sizeof(*bufs));
	if (!bufs)
		die("calloc");
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigprocmask(SIG_BLOCK, &set, &old);
	sigaction(SIGUSR1, &sa, NULL);
	t = now();
	for (i = 0; i < n; i++) {
		buf_create(fd, &bufs[i], buf_mib);
		fill(&bufs[i], i + 1);
	}
	printf("gpu_bench: idle ready: %lu buffers of %lu MiB on %s, filled in %.2f s\n",
	       n, buf_mib, anon ? "anonymous memory" : dev, now() - t);
	/* A pass over the memory as allocated, never backed up or swapped. */
	fresh = now();
	bad += check_all(bufs, n);
	fresh = now() - fresh;
	fflush(stdout);
	while (!woken)
		sigsuspend(&old);
	measure_begin(0, 0);
	bad += check_all(bufs, n);
	snprintf(extra, sizeof(extra), "memory=%s mib=%lu mismatches=%llu", anon ? "anon" : "dumb",
		 n * buf_mib, (unsigned long long)bad);
	measure_end("idle-check", extra);
	/*
	 * The same pass again, now that the wake-up brought back what the
	 * working set pushed out: restored buffers against the fresh ones.
	 */
	t = now();
	bad += check_all(bufs, n);
	printf("BENCH scenario=idle-pass tag=%s memory=%s mib=%lu fresh_s=%.3f restored_s=%.3f mismatches=%llu\n",
	       *tag ? tag : "-", anon ? "anon" : "dumb", n * buf_mib, fresh, now() - t,
	       (unsigned long long)bad);
	for (i = 0; i < n; i++)
		buf_destroy(fd, &bufs[i]);
	if (fd >= 0)
		close(fd);
	return bad ? 1 : 0;
}

static int do_cycle(const char *dev, int anon, unsigned long total_mib,
		    unsigned long buf_mib, unsigned long touches, uint32_t seed)
{
	unsigned long n = total_mib / buf_mib, i;
	uint64_t bad = 0;
	struct buf *bufs;
	char extra[160];
	double t;
	int fd = -1;

	if (!n || !touches || (!anon == !dev))
		usage();
	if (!anon)
		fd = dev_open(dev);
	bufs = calloc(n, sizeof(*bufs));
	if (!bufs)
		die("calloc");
	srand(seed);

	measure_begin(0, 0);
	for (i = 0; i < n; i++) {
		buf_create(fd, &bufs[i], buf_mib);
		fill(&bufs[i], seed + i * 7919);
	}
	snprintf(extra, sizeof(extra), "memory=%s mib=%lu buf_mib=%lu", anon ? "anon" : "dumb",
		 n * buf_mib, buf_mib);
	measure_end("cycle-fill", extra);

	measure_begin(0, 0);
	t = now();
	for (unsigned long k = 0; k < touches; k++) {
		struct buf *b = &bufs[(unsigned long)rand() % n];
		uint32_t s = seed + (b - bufs) * 7919 + b->gen * 104729;

		bad += check(b, s);
		b->gen++;
		fill(b, s + 104729);
	}
	t = now() - t;
	snprintf(extra, sizeof(extra), "memory=%s mib=%lu buf_mib=%lu touches=%lu mib_s=%.2f mismatches=%llu",
		 anon ? "anon" : "dumb", n * buf_mib, buf_mib, touches,
		 touches * buf_mib / t, (unsigned long long)bad);
	measure_end("cycle", extra);

	for (i = 0; i < n; i++)
		buf_destroy(fd, &bufs[i]);
	if (fd >= 0)
		close(fd);
	return bad ? 1 : 0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static int do_overhead(const char *dev, unsigned long buf_mib, unsigned long count,
		       unsigned long iters)
{
	struct buf *bufs = calloc(count, sizeof(*bufs));
	double *ms = calloc(iters, sizeof(*ms));
	char extra[160];
	int fd;

	if (!bufs || !ms)
		die("calloc");
	if (!count || iters < 2)
		usage();
	fd = dev_open(dev);
	measure_begin(0, 0);
	for (unsigned long it = 0; it < iters; it++) {
		double t = now();

		for (unsigned long i = 0; i < count; i++) {
			dumb_create(fd, &bufs[i], buf_mib);
			for (uint64_t j = 0; j < bufs[i].size / 4; j += PAGE / 4)
				bufs[i].map[j] = it;
		}
		for (unsigned long i = 0; i < count; i++)
			dumb_destroy(fd, &bufs[i]);
		ms[it] = (now() - t) * 1e3;
	}
	/* The first iteration warms the pools up: not counted. */
	qsort(ms + 1, iters - 1, sizeof(*ms), cmp_double);
	snprintf(extra, sizeof(extra), "buffers=%lu buf_mib=%lu iters=%lu iter_ms_median=%.2f iter_ms_min=%.2f",
		 count, buf_mib, iters - 1, ms[1 + (iters - 1) / 2], ms[1]);
	measure_end("overhead", extra);
	close(fd);
	return 0;
}

int main(int argc, char **argv)
{
	unsigned long mib = 0, passes = 0, owner = 0, buf_mib = 4, touches = 0;
	unsigned long count = 64, iters = 11, seed = 1;
	const char *dev = NULL, *mode;
	int anon = 0, opt;

	if (argc < 2)
		usage();
	mode = argv[1];
	optind = 2;
	while ((opt = getopt(argc, argv, "ad:m:p:o:b:n:s:c:i:t:")) != -1) {
		switch (opt) {
		case 'a': anon = 1; break;
		case 'd': dev = optarg; break;
		case 'm': mib = num(optarg); break;
		case 'p': passes = num(optarg); break;
		case 'o': owner = num(optarg); break;
		case 'b': buf_mib = num(optarg); break;
		case 'n': touches = num(optarg); break;
		case 's': seed = num(optarg); break;
		case 'c': count = num(optarg); break;
		case 'i': iters = num(optarg); break;
		case 't': tag = optarg; break;
		default: usage();
		}
	}
	if (optind != argc || !buf_mib || buf_mib > 256)
		usage();
	if (!strcmp(mode, "anon"))
		return do_anon(mib, passes, owner, anon);
	if (!strcmp(mode, "idle"))
		return do_idle(dev, anon, mib, buf_mib);
	if (!strcmp(mode, "cycle"))
		return do_cycle(dev, anon, mib, buf_mib, touches, seed);
	if (!strcmp(mode, "overhead"))
		return do_overhead(dev, buf_mib, count, iters);
	usage();
	return 2;
}
