// SPDX-License-Identifier: GPL-2.0
/*
 * Throughput of swap_backup_folio() and swap_backup_copy(), for
 * "make bench-swap". Not part of the series: built out of tree against the
 * test kernel. Backs up "mib" MiB of pages in plugged batches of 32, as the
 * TTM shrinker does, until every page is written and reaped; then copies
 * them all back and drops the entries, and prints both rates with
 * the pswpout/pswpin counts. Loading it runs the benchmark once; it then
 * fails to load on purpose (-EAGAIN), so nothing stays behind.
 */
#include <linux/blkdev.h>
#include <linux/highmem.h>
#include <linux/ktime.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/swap.h>
#include <linux/vmalloc.h>
#include <linux/vmstat.h>

static unsigned int mib = 512;
module_param(mib, uint, 0444);

static void events(unsigned long *in, unsigned long *out)
{
	static unsigned long ev[NR_VM_EVENT_ITEMS];

	all_vm_events(ev);
	*in = ev[PSWPIN];
	*out = ev[PSWPOUT];
}

static int __init swap_backup_bench_init(void)
{
	unsigned long n = (unsigned long)mib << (20 - PAGE_SHIFT), i, bad = 0;
	unsigned long in0, out0, in1, out1, in2, out2;
	struct swap_backup_queue queue;
	struct swap_backup_batch batch;
	struct blk_plug plug;
	struct page **pages, *dst;
	swp_entry_t *entries;
	ktime_t t0, t1, t2;
	int ret = -ENOMEM;

	swap_backup_queue_init(&queue);
	pages = vcalloc(n, sizeof(*pages));
	entries = vcalloc(n, sizeof(*entries));
	dst = alloc_page(GFP_KERNEL);
	if (!pages || !entries || !dst)
		goto out;
	for (i = 0; i < n; i++) {
		pages[i] = alloc_page(GFP_HIGHUSER | __GFP_RETRY_MAYFAIL);
		if (!pages[i])
			goto out;
		memset_page(pages[i], 0, (u8)i, PAGE_SIZE);
	}

	events(&in0, &out0);
	t0 = ktime_get();
	for (i = 0; i < n; i++) {
		if (i % 32 == 0) {
			blk_start_plug(&plug);
			swap_backup_batch_start(&batch);
		}
		entries[i] = swap_backup_folio(page_folio(pages[i]), &batch,
					       GFP_KERNEL);
		if (entries[i].val)
			pages[i] = NULL;
		if (!entries[i].val || i % 32 == 31 || i == n - 1) {
			swap_backup_batch_end(&batch, &queue);
			blk_finish_plug(&plug);
			/* Free what is written, as the shrinker's scans do. */
			swap_backup_reap(&queue, ULONG_MAX, false);
		}
		if (!entries[i].val)
			goto out;
	}
	swap_backup_drain(&queue);
	t1 = ktime_get();
	events(&in1, &out1);

	for (i = 0; i < n; i++) {
		u8 *p;

		/* As TTM restores: the reads of 32 entries in flight at once. */
		if (i % 32 == 0)
			swap_backup_readahead(entries + i, min(32UL, n - i));
		if (swap_backup_copy(entries[i], dst, false))
			goto out;
		p = kmap_local_page(dst);
		bad += p[0] != (u8)i || p[PAGE_SIZE - 1] != (u8)i;
		kunmap_local(p);
		swap_backup_drop(entries[i]);
		entries[i].val = 0;
	}
	t2 = ktime_get();
	events(&in2, &out2);

	pr_info("swap_backup_bench: %u MiB backup %llu ms %llu MiB/s pswpout %lu | restore %llu ms %llu MiB/s pswpin %lu | %lu mismatches\n",
		mib, ktime_ms_delta(t1, t0), mib * 1000ULL / max(1LL, ktime_ms_delta(t1, t0)),
		out1 - out0, ktime_ms_delta(t2, t1),
		mib * 1000ULL / max(1LL, ktime_ms_delta(t2, t1)), in2 - in1, bad);
	ret = -EAGAIN;
out:
	swap_backup_drain(&queue);
	if (ret != -EAGAIN)
		pr_err("swap_backup_bench: failed at page %lu of %lu\n", i, n);
	for (i = 0; entries && i < n; i++)
		if (entries[i].val)
			swap_backup_drop(entries[i]);
	for (i = 0; pages && i < n; i++)
		if (pages[i])
			__free_page(pages[i]);
	if (dst)
		__free_page(dst);
	vfree(entries);
	vfree(pages);
	return ret;
}
module_init(swap_backup_bench_init);

MODULE_DESCRIPTION("Throughput of swap_backup_folio()");
MODULE_LICENSE("GPL");
