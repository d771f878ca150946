// SPDX-License-Identifier: GPL-2.0
/*
 * snapshot_free: free dumb buffers while hibernation owns the swap device.
 *
 * The kernel's own hibernation (echo disk > /sys/power/state) freezes all
 * of user space before it takes the swap device, so no program can free a
 * buffer then. The user-space snapshot device (/dev/snapshot, the uswsusp
 * interface) leaves one program running: this one. It fills dumb buffers,
 * runs a command (e.g. to back some of them up into swap), creates the
 * hibernation image, then, in the timeline that writes the image, frees
 * the first buffers (TTM drops their swap entries while the kernel's
 * storage is suspended) and writes the image itself, uncompressed, in the
 * kernel's own format (kernel/power/swap.c), onto the swap device, taking
 * each slot from the kernel (SNAPSHOT_ALLOC_SWAP_PAGE), and powers off.
 * Booted with resume= on that device, the kernel restores the image: in
 * that timeline the freed buffers still exist, so every dword of every
 * buffer is checked. A slot freed early and reused for the image would
 * show up as corrupt content.
 *
 * Usage: snapshot_free -d DEV -m MIB [-b BUF_MIB] -f FREE_MIB -s SWAPDEV
 *                      [-t TTM_DEBUGFS_DIR] [-x CMD] [-n NAME]
 * Prints "HARNESS-SLEEP-ENTER uswsusp" before the snapshot and
 * "HARNESS-SLEEP-BACK uswsusp rc=N" after the resume (or the failure).
 * In the timeline that writes the image it also judges, as a line
 * "HARNESS-RESULT ok|not ok - NAME: ...", whether the swap slots of the
 * backed-up pages it freed stayed allocated (SwapFree did not grow): the
 * image must not land on them, the resumed system still uses them.
 * Exit status: 0 if all content is intact, 1 on a mismatch, 2 on errors,
 * 3 if no image was created or written (the buffers are checked anyway).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <drm/drm.h>
#include <drm/drm_mode.h>
#include <linux/suspend_ioctls.h>

#include "../bench/proc_value.h"

#define PAGE 4096UL
/* kernel/power/swap.c and power.h of 6.1 */
#define MAP_PAGE_ENTRIES (PAGE / sizeof(uint64_t) - 1)
#define SF_NOCOMPRESS_MODE 2
#define HIBERNATE_SIG "S1SUSPEND"

struct swsusp_header {
	char reserved[PAGE - 20 - sizeof(uint64_t) - sizeof(int) - 2 * sizeof(uint32_t)];
	uint32_t hw_sig;
	uint32_t crc32;
	uint64_t image;
	uint32_t flags;
	char orig_sig[10];
	char sig[10];
} __attribute__((packed));

struct buf {
	uint32_t handle;
	uint64_t size, offset;
	int freed;
};

static const char *ttm_dir, *name = "snapshot_free";

static void die(const char *what)
{
	fprintf(stderr, "snapshot_free: %s: %s\n", what, strerror(errno));
	exit(2);
}

static uint32_t word(uint32_t seed, uint64_t i)
{
	return seed * 0x9e3779b9U + (uint32_t)i * 2654435761U;
}

static void ttm_stats(const char *when)
{
	char path[256], line[128];
	FILE *f;

	if (!ttm_dir)
		return;
	snprintf(path, sizeof(path), "%s/shrink_stats", ttm_dir);
	f = fopen(path, "r");
	if (!f)
		return;
	printf("snapshot_free: %s:", when);
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = 0;
		printf(" %s", line);
	}
	printf("\n");
	fflush(stdout);
	fclose(f);
}

static long long backed_up(void)
{
	char path[256];

	if (!ttm_dir)
		return -1;
	snprintf(path, sizeof(path), "%s/shrink_stats", ttm_dir);
	return proc_value(path, "backed_up");
}

static uint32_t *map(int fd, struct buf *b)
{
	void *p = mmap(NULL, b->size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, b->offset);

	if (p == MAP_FAILED)
		die("mmap of a dumb buffer");
	return p;
}

/* Pages written to consecutive slots go out in one write. */
#define RUN_PAGES 256
static struct {
	char *data;
	uint64_t off;		/* byte offset of the first page */
	unsigned int n;
} run;

static int run_flush(int dev)
{
	ssize_t len = (ssize_t)run.n * PAGE;

	if (run.n && pwrite(dev, run.data, len, run.off) != len)
		return errno ? -errno : -EIO;
	run.n = 0;
	return 0;
}

/* Queues the page at @buf for the slot at byte offset @off. */
static int run_add(int dev, const void *buf, uint64_t off)
{
	int ret;

	if (run.n && (run.n == RUN_PAGES || off != run.off + run.n * PAGE)) {
		ret = run_flush(dev);
		if (ret)
			return ret;
	}
	if (!run.n)
		run.off = off;
	memcpy(run.data + run.n++ * PAGE, buf, PAGE);
	return 0;
}

/* Writes the image from the snapshot device @snap onto @dev. 0 or -errno. */
static int write_image(int snap, int dev, unsigned long *pages)
{
	uint64_t *mapp, *data, off, cur, first;
	struct swsusp_header *hdr;
	unsigned int k = 0;
	ssize_t n;
	int ret;

	if (posix_memalign((void **)&mapp, PAGE, PAGE) ||
	    posix_memalign((void **)&data, PAGE, PAGE) ||
	    posix_memalign((void **)&hdr, PAGE, PAGE) ||
	    posix_memalign((void **)&run.data, PAGE, RUN_PAGES * PAGE))
		return -ENOMEM;
	memset(mapp, 0, PAGE);
	/* As swsusp_write(): the first map page's slot, then data pages. */
	if (ioctl(snap, SNAPSHOT_ALLOC_SWAP_PAGE, &off))
		return -errno;
	first = cur = off / PAGE;
	*pages = 0;
	while ((n = read(snap, data, PAGE)) > 0) {
		if (n != (ssize_t)PAGE)
			return -EIO;
		if (ioctl(snap, SNAPSHOT_ALLOC_SWAP_PAGE, &off))
			return -errno;
		ret = run_add(dev, data, off);
		if (ret)
			return ret;
		mapp[k++] = off / PAGE;
		++*pages;
		if (k == MAP_PAGE_ENTRIES) {
			if (ioctl(snap, SNAPSHOT_ALLOC_SWAP_PAGE, &off))
				return -errno;
			mapp[MAP_PAGE_ENTRIES] = off / PAGE;	/* next_swap */
			ret = run_add(dev, mapp, cur * PAGE);
			if (ret)
				return ret;
			memset(mapp, 0, PAGE);
			cur = off / PAGE;
			k = 0;
		}
	}
	if (n < 0)
		return -errno;
	ret = run_add(dev, mapp, cur * PAGE);
	if (!ret)
		ret = run_flush(dev);
	if (ret)
		return ret;
	if (fsync(dev))
		return -errno;
	/* As mark_swapfiles(): the swap header page becomes the image's. */
	if (pread(dev, hdr, PAGE, 0) != (ssize_t)PAGE)
		return -errno;
	if (memcmp(hdr->sig, "SWAPSPACE2", 10))
		return -EINVAL;
	memcpy(hdr->orig_sig, hdr->sig, 10);
	memset(hdr->sig, 0, 10);
	memcpy(hdr->sig, HIBERNATE_SIG, sizeof(HIBERNATE_SIG));
	hdr->image = first;
	hdr->flags = SF_NOCOMPRESS_MODE;
	hdr->hw_sig = hdr->crc32 = 0;
	if (pwrite(dev, hdr, PAGE, 0) != (ssize_t)PAGE || fsync(dev))
		return -errno;
	return 0;
}

/* After a failed power-off: the swap header is a swap header again. */
static void unmark(int dev)
{
	struct swsusp_header *hdr;

	if (posix_memalign((void **)&hdr, PAGE, PAGE) ||
	    pread(dev, hdr, PAGE, 0) != (ssize_t)PAGE ||
	    memcmp(hdr->sig, HIBERNATE_SIG, sizeof(HIBERNATE_SIG)))
		return;
	memcpy(hdr->sig, hdr->orig_sig, 10);
	if (pwrite(dev, hdr, PAGE, 0) != (ssize_t)PAGE || fsync(dev))
		perror("snapshot_free: restoring the swap signature");
}

int main(int argc, char **argv)
{
	unsigned long mib = 0, buf_mib = 4, free_mib = 0, n, nfree, i, pages = 0;
	const char *dev = NULL, *swapdev = NULL, *cmd = NULL;
	struct resume_swap_area area = { 0 };
	uint64_t bad = 0, words = 0;
	int fd, snap, sdev, opt, in_suspend = 0, rc = 0;
	struct buf *bufs;
	struct stat st;

	while ((opt = getopt(argc, argv, "d:m:b:f:s:t:x:n:")) != -1) {
		switch (opt) {
		case 'd': dev = optarg; break;
		case 'm': mib = strtoul(optarg, NULL, 0); break;
		case 'b': buf_mib = strtoul(optarg, NULL, 0); break;
		case 'f': free_mib = strtoul(optarg, NULL, 0); break;
		case 's': swapdev = optarg; break;
		case 't': ttm_dir = optarg; break;
		case 'x': cmd = optarg; break;
		case 'n': name = optarg; break;
		default:
			fprintf(stderr, "usage: snapshot_free -d DEV -m MIB [-b BUF_MIB] -f FREE_MIB -s SWAPDEV [-t TTM_DEBUGFS_DIR] [-x CMD]\n");
			return 2;
		}
	}
	n = buf_mib ? mib / buf_mib : 0;
	nfree = buf_mib ? free_mib / buf_mib : 0;
	if (!dev || !swapdev || !n || nfree > n) {
		fprintf(stderr, "snapshot_free: -d, -s and -m are required, -f at most -m\n");
		return 2;
	}

	fd = open(dev, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		die(dev);
	bufs = calloc(n, sizeof(*bufs));
	if (!bufs)
		die("calloc");
	for (i = 0; i < n; i++) {
		struct drm_mode_create_dumb c = { .width = 1024, .height = buf_mib * 256, .bpp = 32 };
		struct drm_mode_map_dumb m = { 0 };
		uint32_t *p;

		if (ioctl(fd, DRM_IOCTL_MODE_CREATE_DUMB, &c))
			die("DRM_IOCTL_MODE_CREATE_DUMB");
		m.handle = c.handle;
		if (ioctl(fd, DRM_IOCTL_MODE_MAP_DUMB, &m))
			die("DRM_IOCTL_MODE_MAP_DUMB");
		bufs[i] = (struct buf){ .handle = c.handle, .size = c.size, .offset = m.offset };
		p = map(fd, &bufs[i]);
		for (uint64_t j = 0; j < c.size / 4; j++)
			p[j] = word(i + 1, j);
		munmap(p, c.size);
	}
	printf("snapshot_free: %lu buffers of %lu MiB filled on %s\n", n, buf_mib, dev);
	fflush(stdout);
	if (cmd && system(cmd) < 0)
		perror("system");
	ttm_stats("before the snapshot");

	/* Nothing of this program may need swap once the image exists. */
	if (mlockall(MCL_CURRENT | MCL_FUTURE))
		die("mlockall");
	if (stat(swapdev, &st) || !S_ISBLK(st.st_mode))
		die(swapdev);
	sdev = open(swapdev, O_RDWR | O_DIRECT | O_CLOEXEC);
	if (sdev < 0)
		die(swapdev);
	snap = open("/dev/snapshot", O_RDONLY | O_CLOEXEC);
	if (snap < 0)
		die("/dev/snapshot");
	/* The kernel's new_encode_dev() */
	area.dev = (minor(st.st_rdev) & 0xff) | (major(st.st_rdev) << 8) |
		   ((minor(st.st_rdev) & ~0xffU) << 12);
	if (ioctl(snap, SNAPSHOT_SET_SWAP_AREA, &area))
		die("SNAPSHOT_SET_SWAP_AREA");
	printf("HARNESS-SLEEP-ENTER uswsusp\n");
	fflush(stdout);
	sync();
	if (ioctl(snap, SNAPSHOT_FREEZE))
		die("SNAPSHOT_FREEZE");
	if (ioctl(snap, SNAPSHOT_CREATE_IMAGE, &in_suspend)) {
		rc = errno;
		printf("snapshot_free: SNAPSHOT_CREATE_IMAGE: %s\n", strerror(rc));
		ioctl(snap, SNAPSHOT_UNFREEZE);
	} else if (in_suspend) {
		loff_t size = 0;

		ioctl(snap, SNAPSHOT_GET_IMAGE_SIZE, &size);
		printf("snapshot_free: image created, %lld pages; freeing %lu buffers while hibernation owns %s\n",
		       (long long)size / (long long)PAGE, nfree, swapdev);
		long long b0, b1, sf0, sf1;

		ttm_stats("image created");
		b0 = backed_up();
		sf0 = proc_value("/proc/meminfo", "SwapFree");
		for (i = 0; i < nfree; i++) {
			struct drm_mode_destroy_dumb d = { .handle = bufs[i].handle };

			if (ioctl(fd, DRM_IOCTL_MODE_DESTROY_DUMB, &d))
				die("DRM_IOCTL_MODE_DESTROY_DUMB");
			bufs[i].freed = 1;
		}
		ttm_stats("buffers freed");
		/*
		 * The backed-up pages of the freed buffers were dropped; while
		 * hibernation owns the swap device their slots must stay
		 * allocated until after the image (SwapFree unchanged).
		 */
		b1 = backed_up();
		sf1 = proc_value("/proc/meminfo", "SwapFree");
		if (b0 < 0 || b1 < 0 || b1 >= b0)
			printf("# %s: no backed-up page among the freed buffers, nothing to defer\n", name);
		else if (sf1 == sf0)
			printf("HARNESS-RESULT ok - %s: %lld backed-up pages freed while hibernation owns the swap device, their slots kept until after the image (SwapFree %lld kB)\n",
			       name, b0 - b1, sf0);
		else
			printf("HARNESS-RESULT not ok - %s: %lld backed-up pages freed while hibernation owns the swap device, SwapFree went from %lld to %lld kB: the image may land on their slots\n",
			       name, b0 - b1, sf0, sf1);
		fflush(stdout);
		rc = -write_image(snap, sdev, &pages);
		if (!rc) {
			printf("snapshot_free: wrote the image, %lu pages, to %s; powering off\n",
			       pages, swapdev);
			fflush(stdout);
			sync();
			reboot(RB_POWER_OFF);
			rc = errno;
			unmark(sdev);
		}
		printf("snapshot_free: writing the image failed after %lu pages: %s\n", pages,
		       strerror(rc));
	} else {
		printf("snapshot_free: resumed from the image\n");
	}
	fflush(stdout);
	/* Thaws everything; after a failure, gives back the image's slots. */
	close(snap);
	close(sdev);
	printf("HARNESS-SLEEP-BACK uswsusp rc=%d\n", rc);
	ttm_stats("after the resume");
	fflush(stdout);

	for (i = 0; i < n; i++) {
		uint32_t *p;
		struct drm_mode_destroy_dumb d = { .handle = bufs[i].handle };

		if (bufs[i].freed)
			continue;
		p = map(fd, &bufs[i]);
		for (uint64_t j = 0; j < bufs[i].size / 4; j++, words++)
			bad += p[j] != word(i + 1, j);
		munmap(p, bufs[i].size);
		if (ioctl(fd, DRM_IOCTL_MODE_DESTROY_DUMB, &d))
			die("DRM_IOCTL_MODE_DESTROY_DUMB");
	}
	printf("snapshot_free: verified %llu dwords of %lu buffers: %llu mismatches\n",
	       (unsigned long long)words, n, (unsigned long long)bad);
	return bad ? 1 : rc ? 3 : 0;
}
