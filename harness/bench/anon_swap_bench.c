// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel's own swap path, for comparison with swap_backup_bench: fill
 * MIB MiB of anonymous memory, push it all to swap with cgroup v2
 * memory.reclaim, then fault it back, verifying every page. Run it from
 * the cgroup named by its second argument. Prints both rates.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>
#include <fcntl.h>

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void vmstat(unsigned long *in, unsigned long *out)
{
	char name[64];
	unsigned long v;
	FILE *f = fopen("/proc/vmstat", "r");

	while (f && fscanf(f, "%63s %lu", name, &v) == 2) {
		if (!strcmp(name, "pswpin"))
			*in = v;
		else if (!strcmp(name, "pswpout"))
			*out = v;
	}
	if (f)
		fclose(f);
}

int main(int argc, char **argv)
{
	unsigned long mib, n, i, bad = 0, in0 = 0, out0 = 0, in1 = 0, out1 = 0, in2 = 0, out2 = 0;
	long psz = sysconf(_SC_PAGESIZE);
	char path[256], req[32];
	double t0, t1, t2;
	unsigned char *m;
	int fd;

	if (argc != 3 || (mib = strtoul(argv[1], NULL, 0)) == 0) {
		fprintf(stderr, "usage: %s MIB CGROUP_DIR\n", argv[0]);
		return 2;
	}
	n = (mib << 20) / psz;
	m = mmap(NULL, mib << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED) {
		perror("mmap");
		return 1;
	}
	for (i = 0; i < n; i++)
		memset(m + i * psz, (unsigned char)i, psz);

	snprintf(path, sizeof(path), "%s/memory.reclaim", argv[2]);
	snprintf(req, sizeof(req), "%luM", mib);
	vmstat(&in0, &out0);
	t0 = now();
	fd = open(path, O_WRONLY);
	if (fd < 0 || write(fd, req, strlen(req)) < 0)
		perror("memory.reclaim (partial reclaim is measured anyway)");
	if (fd >= 0)
		close(fd);
	t1 = now();
	vmstat(&in1, &out1);

	for (i = 0; i < n; i++)
		bad += m[i * psz] != (unsigned char)i || m[i * psz + psz - 1] != (unsigned char)i;
	t2 = now();
	vmstat(&in2, &out2);

	printf("anon_swap_bench: %lu MiB swap-out %.0f ms %.0f MiB/s pswpout %lu | swap-in %.0f ms %.0f MiB/s pswpin %lu | %lu mismatches\n",
	       mib, (t1 - t0) * 1e3, (out1 - out0) * psz / 1048576.0 / (t1 - t0), out1 - out0,
	       (t2 - t1) * 1e3, (in2 - in1) * psz / 1048576.0 / (t2 - t1), in2 - in1, bad);
	return bad != 0;
}
