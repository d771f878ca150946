// SPDX-License-Identifier: GPL-2.0
/*
 * ttm_pressure: fill dumb buffers on a DRM device, leave them idle, put the
 * machine under memory pressure with anonymous memory that cannot swap
 * (the harness cgroup has memory.swap.max=0), then map the buffers again
 * and check every dword. Prints what the kernel reports at each step.
 *
 * Usage: ttm_pressure [-d /dev/dri/card0] [-b buffer MiB] [-n buffers]
 *                     [-p pressure MiB] [-s seed] [-x cmd] [-w cmd]
 * -x runs a shell command after each step (e.g. to dump debugfs); -w runs
 * one after the pressure, before the buffers are read (e.g. swapoff).
 * Exit status: 0 if all content is intact, 1 on a mismatch, 2 on errors.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <drm/drm.h>
#include <drm/drm_mode.h>

struct buf {
	uint32_t handle;
	uint64_t size, offset;
};

static const char *step_cmd, *idle_cmd;

static void die(const char *what)
{
	fprintf(stderr, "ttm_pressure: %s: %s\n", what, strerror(errno));
	exit(2);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static long proc_value(const char *file, const char *key)
{
	char line[256];
	size_t n = strlen(key);
	long v = -1;
	FILE *f = fopen(file, "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, key, n) && (line[n] == ' ' || line[n] == ':'))
			v = atol(line + n + 1);
	fclose(f);
	return v;
}

static long vmstat(const char *key)
{
	return proc_value("/proc/vmstat", key);
}

static void step(const char *name)
{
	printf("--- %s: pswpout %ld pswpin %ld\n", name, vmstat("pswpout"),
	       vmstat("pswpin"));
	fflush(stdout);
	if (step_cmd && system(step_cmd) < 0)
		perror("system");
	fflush(stdout);
}

static uint32_t word(uint32_t seed, uint64_t i)
{
	return seed + (uint32_t)i * 2654435761U;
}

static void *map(int fd, struct buf *b)
{
	void *p = mmap(NULL, b->size, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
		       b->offset);

	if (p == MAP_FAILED)
		die("mmap");
	return p;
}

int main(int argc, char **argv)
{
	const char *dev = "/dev/dri/card0";
	unsigned int mib = 4, nbufs = 100, pressure = 700, seed = 1;
	uint64_t bad = 0, words = 0, total = 0;
	long out0, in0;
	struct buf *bufs;
	unsigned int i;
	int fd, opt;
	pid_t pid;
	double t;

	while ((opt = getopt(argc, argv, "d:b:n:p:s:x:w:")) != -1) {
		switch (opt) {
		case 'd': dev = optarg; break;
		case 'b': mib = atoi(optarg); break;
		case 'n': nbufs = atoi(optarg); break;
		case 'p': pressure = atoi(optarg); break;
		case 's': seed = atoi(optarg); break;
		case 'x': step_cmd = optarg; break;
		case 'w': idle_cmd = optarg; break;
		default:
			fprintf(stderr, "usage: %s [-d dev] [-b MiB] [-n buffers] [-p MiB] [-s seed] [-x cmd] [-w cmd]\n",
				argv[0]);
			return 2;
		}
	}

	fd = open(dev, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		die(dev);
	bufs = calloc(nbufs, sizeof(*bufs));
	if (!bufs)
		die("calloc");

	printf("ttm_pressure: %u dumb buffers of %u MiB on %s, %u MiB of pressure, seed %u\n",
	       nbufs, mib, dev, pressure, seed);
	out0 = vmstat("pswpout");
	in0 = vmstat("pswpin");
	t = now();
	for (i = 0; i < nbufs; i++) {
		/* A 32 bpp buffer of width 1024: 4 KiB per line. */
		struct drm_mode_create_dumb c = {
			.width = 1024, .height = mib * 256, .bpp = 32,
		};
		struct drm_mode_map_dumb m = { 0 };
		uint32_t *p;
		uint64_t j;

		if (ioctl(fd, DRM_IOCTL_MODE_CREATE_DUMB, &c))
			die("DRM_IOCTL_MODE_CREATE_DUMB");
		m.handle = c.handle;
		if (ioctl(fd, DRM_IOCTL_MODE_MAP_DUMB, &m))
			die("DRM_IOCTL_MODE_MAP_DUMB");
		bufs[i] = (struct buf){ c.handle, c.size, m.offset };
		total += c.size;
		p = map(fd, &bufs[i]);
		for (j = 0; j < c.size / 4; j++)
			p[j] = word(seed + i, j);
		munmap(p, c.size);
	}
	printf("filled %u MiB in %.1f s\n", nbufs * mib, now() - t);
	step("buffers filled, idle");

	/* The pressure: anonymous memory that may not swap, touched twice. */
	t = now();
	pid = pressure ? fork() : 1;
	if (pid < 0)
		die("fork");
	if (!pid) {
		size_t len = (size_t)pressure << 20, k;
		char *a = mmap(NULL, len, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		if (a == MAP_FAILED)
			_exit(3);
		for (int r = 0; r < 2; r++)
			for (k = 0; k < len; k += 4096)
				a[k] = r + k;
		_exit(0);
	}
	if (pressure) {
		if (waitpid(pid, &opt, 0) < 0)
			die("waitpid");
		printf("pressure of %u MiB: %s in %.1f s\n", pressure,
		       WIFEXITED(opt) && !WEXITSTATUS(opt) ? "done" :
		       WIFSIGNALED(opt) ? "killed" : "failed", now() - t);
		step("after the pressure");
	}
	if (idle_cmd) {
		printf("running: %s\n", idle_cmd);
		fflush(stdout);
		opt = system(idle_cmd);
		printf("exit status %d\n", WIFEXITED(opt) ? WEXITSTATUS(opt) : -1);
		step("after the command");
	}

	t = now();
	for (i = 0; i < nbufs; i++) {
		uint32_t *p = map(fd, &bufs[i]);
		uint64_t j;

		for (j = 0; j < bufs[i].size / 4; j++, words++)
			bad += p[j] != word(seed + i, j);
		munmap(p, bufs[i].size);
	}
	printf("verified %llu dwords in %.1f s: %llu mismatches\n",
	       (unsigned long long)words, now() - t, (unsigned long long)bad);
	step("buffers verified");

	for (i = 0; i < nbufs; i++) {
		struct drm_mode_destroy_dumb d = { .handle = bufs[i].handle };

		if (ioctl(fd, DRM_IOCTL_MODE_DESTROY_DUMB, &d))
			die("DRM_IOCTL_MODE_DESTROY_DUMB");
	}
	step("buffers destroyed");
	/* The summary, pages of 4 KiB in MiB. */
	printf("%u buffers, %llu MiB of graphics memory in a %ld MiB VM: %ld MiB swapped out, %ld MiB swapped in, %llu mismatches\n",
	       nbufs, (unsigned long long)(total >> 20),
	       proc_value("/proc/meminfo", "MemTotal") >> 10,
	       (vmstat("pswpout") - out0) >> 8, (vmstat("pswpin") - in0) >> 8,
	       (unsigned long long)bad);
	return bad ? 1 : 0;
}
