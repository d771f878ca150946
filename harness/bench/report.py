#!/usr/bin/env python3
"""make bench's report: read the VM logs, print a table, write results.csv
and bench.png, and print the idle-tax and reclaim lines last.

Usage: report.py OUTDIR LOG...   (LOG: build/logs/bench-{base,patched}-R.log)

Ratios are taken inside one boot (beside/alone, dumb/anon), where both
sides ran on the same kernel in the same VM, then the median over the
repetitions is reported; cross-kernel and cross-scenario comparisons
(overhead, the targets against the anon reference) compare medians. The
anon reference is the patched kernel's own: its working set beside idle
anonymous memory, which the kernel's swap path reclaims.
Exit status 1 when a figure the issue defines is missing or any content
check failed.
"""
import csv
import os
import re
import statistics
import subprocess
import sys

KERNELS = ("base", "patched")
# The fields of a BENCH line that every measured phase has.
FIELDS = ("time_s", "pswpout", "pswpin", "nr_vmscan_write", "shrinker_wrote",
          "allocstall", "pgscan_direct", "peak_ram_mib", "peak_swap_mib",
          "peak_swapcache_mib", "stall_s", "reclaim_s", "taken_mib")
# (scenario, tag) of the BENCH lines, by short name.
S = {
    "alone": ("anon", "alone"),
    "beside": ("anon", "beside"),
    "beside-anon": ("anon", "beside-anon"),
    "wake": ("idle-check", "idle"),
    "wake-anon": ("idle-check", "idle-anon"),
    "cycle-anon": ("cycle", "anon"),
    "cycle-dumb": ("cycle", "dumb"),
    "fill-anon": ("cycle-fill", "anon"),
    "fill-dumb": ("cycle-fill", "dumb"),
    "overhead": ("overhead", "overhead"),
    "pass": ("idle-pass", "idle"),
    "orders-start": ("orders", "start"),
    "orders-idle": ("orders", "idle"),
    "orders-cycle-anon": ("orders", "cycle-anon"),
    "orders-cycle": ("orders", "cycle"),
}
# Targets of the patched kernel (issue 14).
IDLE_TAX_STRETCH = 0.9      # of the anon reference's idle-tax
TAKEN_MAX = 1.2             # MiB taken, times the anon reference's
STALL_MAX = 1.1             # stall beside idle buffers, times the reference's
BASE_OVER_PATCHED_MIN = 4.0  # idle-tax, base / patched
CYCLE_MIN = 0.90            # cycle, dumb / anonymous MiB/s
OVERHEAD_MAX = 1.03         # overhead, patched / base time
# Targets of the patched kernel (issue 19): of the pages of the buffers
# freed in the same scenarios, the share in chunks of order 9 or more of
# those restored from swap, times that of those never backed up; free order
# >= 9 blocks after the cycle, >= base.
RESTORED_LARGE_MIN = 0.8


def parse(path):
    """One boot: its kernel and {(scenario, tag): {key: value}}."""
    kernel, runs, errors = None, {}, []
    with open(path, errors="replace") as f:
        for line in f:
            line = line.strip().replace("\r", "")
            if line.startswith("BENCH-KERNEL "):
                kernel = dict(kv.split("=", 1) for kv in line.split()[1:]
                              if "=" in kv)
            elif line.startswith("BENCH "):
                d = dict(kv.split("=", 1) for kv in line.split()[1:] if "=" in kv)
                runs[(d.get("scenario"), d.get("tag"))] = d
            elif "HARNESS-ERROR" in line:
                errors.append(line)
    return kernel, runs, errors


def num(v):
    try:
        return float(v)
    except (TypeError, ValueError):
        return None


def med(values):
    v = [x for x in values if x is not None]
    return statistics.median(v) if v else None


def fmt(v, spec="%.2f"):
    return "n/a" if v is None else spec % v


def ratio(a, b):
    return a / b if a is not None and b else None


def scaled(v, factor):
    return None if v is None else v * factor


def at_most(value, limit):
    """The verdict of "value <= limit", "" when a figure is missing."""
    if value is None or limit is None:
        return ""
    return "met" if value <= limit else "not met"


def at_least(value, limit):
    """The verdict of "value >= limit", "" when a figure is missing."""
    return at_most(limit, value)


def main():
    out, logs = sys.argv[1], sys.argv[2:]
    boots = {k: [] for k in KERNELS}
    problems = []
    for path in sorted(logs):
        m = re.search(r"bench-(base|patched)-(\d+)\.log$", path)
        if not m or not os.path.exists(path):
            continue
        kinfo, runs, errors = parse(path)
        name = os.path.basename(path)
        if not kinfo:
            problems.append("%s: the VM printed no BENCH-KERNEL line" % name)
            continue
        if kinfo.get("kernel") != m.group(1):
            problems.append("%s: expected the %s kernel, the VM says %s"
                            % (name, m.group(1), kinfo.get("kernel")))
            continue
        problems += ["%s: %s" % (name, e) for e in errors]
        boots[m.group(1)].append((int(m.group(2)), kinfo, runs))

    def raw(kernel, key, field):
        return [runs.get(S[key], {}).get(field) for _, _, runs in boots[kernel]]

    def values(kernel, key, field):
        return [num(v) for v in raw(kernel, key, field)]

    def ratio_per_boot(kernel, num_key, den_key, field):
        return [ratio(num(runs.get(S[num_key], {}).get(field)),
                      num(runs.get(S[den_key], {}).get(field)))
                for _, _, runs in boots[kernel]]

    def free_blocks(kernel, key):
        """Free blocks of order >= 9 per boot, in order-9 blocks (2 MiB)."""
        return [None if a is None or b is None else a + 2 * b
                for a, b in zip(values(kernel, key, "free_order9"),
                                values(kernel, key, "free_order10"))]

    def large_pct(kernel, key0, key1, what):
        """Per boot: % in order >= 9 chunks of the pages that TTM's pool
        counted as `what` between two "orders" lines (debugfs
        ttm/page_orders: allocated, restored, and the pages of the buffers
        freed, never backed up or restored since they were populated)."""
        out = []
        for _, _, runs in boots[kernel]:
            a, b = runs.get(S[key0], {}), runs.get(S[key1], {})
            d = [num(b.get(f)) - num(a.get(f)) if num(a.get(f)) is not None
                 and num(b.get(f)) is not None else None
                 for f in (what + "_large", what)]
            out.append(100.0 * d[0] / d[1] if None not in d and d[1] > 0 else None)
        return out

    # Content checks, everywhere.
    for k in KERNELS:
        for rep, _, runs in boots[k]:
            for key, d in runs.items():
                if int(d.get("mismatches", "0")) != 0:
                    problems.append("%s repetition %d: %s/%s: %s mismatches"
                                    % (k, rep, key[0], key[1], d["mismatches"]))

    summary = {}
    for k in KERNELS:
        s = summary[k] = {}
        s["alone_s"] = med(values(k, "alone", "time_s"))
        s["beside_s"] = med(values(k, "beside", "time_s"))
        s["idle_tax"] = med(ratio_per_boot(k, "beside", "alone", "time_s"))
        s["beside_anon_s"] = med(values(k, "beside-anon", "time_s"))
        s["idle_tax_anon"] = med(ratio_per_boot(k, "beside-anon", "alone", "time_s"))
        s["taken_mib"] = med(values(k, "beside", "taken_mib"))
        s["taken_anon_mib"] = med(values(k, "beside-anon", "taken_mib"))
        s["stall_s"] = med(values(k, "beside", "stall_s"))
        s["stall_anon_s"] = med(values(k, "beside-anon", "stall_s"))
        s["wake_s"] = med(values(k, "wake", "time_s"))
        s["wake_anon_s"] = med(values(k, "wake-anon", "time_s"))
        s["fill_dumb_stall_s"] = med(values(k, "fill-dumb", "stall_s"))
        s["fill_dumb_peak_swap_mib"] = med(values(k, "fill-dumb", "peak_swap_mib"))
        s["dumb_mib_s"] = med(values(k, "cycle-dumb", "mib_s"))
        s["anon_mib_s"] = med(values(k, "cycle-anon", "mib_s"))
        s["cycle_ratio"] = med(ratio_per_boot(k, "cycle-dumb", "cycle-anon", "mib_s"))
        s["overhead_ms"] = med(values(k, "overhead", "iter_ms_median"))
        s["pass_fresh_s"] = med(values(k, "pass", "fresh_s"))
        s["pass_restored_s"] = med(values(k, "pass", "restored_s"))
        s["pass_ratio"] = med([ratio(a, b) for a, b in zip(values(k, "pass", "restored_s"),
                                                            values(k, "pass", "fresh_s"))])
        s["free_o9_idle"] = med(free_blocks(k, "orders-idle"))
        s["free_o9_cycle"] = med(free_blocks(k, "orders-cycle"))
        for what in ("restored", "allocated", "freed_restored", "freed_never_backed_up"):
            s[what + "_large_idle"] = med(large_pct(k, "orders-start", "orders-idle", what))
            s[what + "_large_cycle"] = med(large_pct(k, "orders-cycle-anon", "orders-cycle",
                                                     what))
            s[what + "_large"] = med(large_pct(k, "orders-start", "orders-cycle", what))
    base, pat = summary["base"], summary["patched"]
    overhead = ratio(pat["overhead_ms"], base["overhead_ms"])
    tax_base_over_patched = ratio(base["idle_tax"], pat["idle_tax"])

    # The targets, on the patched kernel: {figure: "target: verdict"}.
    def target(text, verdict):
        return "%s: %s" % (text, verdict) if verdict else text

    ref_tax = pat["idle_tax_anon"]
    stretch = scaled(ref_tax, IDLE_TAX_STRETCH)
    tax_verdict = at_most(pat["idle_tax"], ref_tax)
    if tax_verdict:
        tax_verdict += "; stretch <= %s: %s" % (fmt(stretch, "%.2fx"),
                                                at_most(pat["idle_tax"], stretch))
    taken_limit = scaled(pat["taken_anon_mib"], TAKEN_MAX)
    stall_limit = scaled(pat["stall_anon_s"], STALL_MAX)
    targets = {
        "idle_tax": target("<= anon reference %s" % fmt(ref_tax, "%.2fx"), tax_verdict),
        "tax_base_over_patched": target(">= %.0fx" % BASE_OVER_PATCHED_MIN,
                                        at_least(tax_base_over_patched, BASE_OVER_PATCHED_MIN)),
        "taken_mib": target("<= %.1f x anon reference = %s" % (TAKEN_MAX, fmt(taken_limit, "%.0f")),
                            at_most(pat["taken_mib"], taken_limit)),
        "stall_s": target("<= %.1f x anon reference = %s" % (STALL_MAX, fmt(stall_limit)),
                          at_most(pat["stall_s"], stall_limit)),
        "wake_s": target("<= the anon process's", at_most(pat["wake_s"], pat["wake_anon_s"])),
        "fill_dumb_stall_s": target("<= base", at_most(pat["fill_dumb_stall_s"],
                                                        base["fill_dumb_stall_s"])),
        "fill_dumb_peak_swap_mib": target("<= base", at_most(pat["fill_dumb_peak_swap_mib"],
                                                             base["fill_dumb_peak_swap_mib"])),
        "cycle_ratio": target(">= %.2f" % CYCLE_MIN, at_least(pat["cycle_ratio"], CYCLE_MIN)),
        "overhead": target("<= %.2f" % OVERHEAD_MAX, at_most(overhead, OVERHEAD_MAX)),
        "freed_restored_large": target(">= %.1f x never backed up = %s" % (
            RESTORED_LARGE_MIN,
            fmt(scaled(pat["freed_never_backed_up_large"], RESTORED_LARGE_MIN), "%.0f")),
            at_least(pat["freed_restored_large"],
                     scaled(pat["freed_never_backed_up_large"], RESTORED_LARGE_MIN))),
        "free_o9_cycle": target(">= base", at_least(pat["free_o9_cycle"], base["free_o9_cycle"])),
    }

    reps = {k: len(boots[k]) for k in KERNELS}
    print()
    print("make bench: medians of %d base and %d patched boots (TCG: compare ratios, "
          "not absolute speeds)" % (reps["base"], reps["patched"]))
    print("Targets are the patched kernel's; the anon reference is its own working set "
          "beside idle anonymous memory.")
    print()
    print("%-46s %10s %10s  %s" % ("figure", "base", "patched", "target (patched)"))
    rows = [
        ("idle-tax: working set alone, s", "alone_s", "%.2f"),
        ("idle-tax: beside idle dumb buffers, s", "beside_s", "%.2f"),
        ("idle-tax: beside / alone", "idle_tax", "%.2fx"),
        ("idle-tax: idle process wakes, checks all, s", "wake_s", "%.2f"),
        ("idle-tax: MiB taken from the dumb buffers", "taken_mib", "%.0f"),
        ("idle-tax: memory stall, s", "stall_s", "%.2f"),
        ("reference: beside idle anonymous memory, s", "beside_anon_s", "%.2f"),
        ("reference: beside idle anon / alone", "idle_tax_anon", "%.2fx"),
        ("reference: idle anon process wakes, checks, s", "wake_anon_s", "%.2f"),
        ("reference: MiB taken from the anon memory", "taken_anon_mib", "%.0f"),
        ("reference: memory stall, s", "stall_anon_s", "%.2f"),
        ("cycle fill, dumb: memory stall, s", "fill_dumb_stall_s", "%.2f"),
        ("cycle fill, dumb: peak swap in use, MiB", "fill_dumb_peak_swap_mib", "%.0f"),
        ("cycle: dumb buffers, MiB/s", "dumb_mib_s", "%.1f"),
        ("cycle: anonymous memory, MiB/s", "anon_mib_s", "%.1f"),
        ("cycle: dumb / anonymous", "cycle_ratio", "%.2f"),
        ("overhead: create+fault+destroy 64 MiB, ms", "overhead_ms", "%.1f"),
        ("idle-tax: pass over restored buffers, s", "pass_restored_s", "%.2f"),
        ("idle-tax: pass over never backed-up ones, s", "pass_fresh_s", "%.2f"),
        ("idle-tax: pass, restored / never backed up", "pass_ratio", "%.2f"),
        ("idle-tax: free order>=9 blocks after, 2 MiB", "free_o9_idle", "%.0f"),
        ("cycle: free order>=9 blocks after, 2 MiB", "free_o9_cycle", "%.0f"),
        ("idle-tax: restores, pages in order>=9, %", "restored_large_idle", "%.0f"),
        ("idle-tax: allocations, in order>=9, %", "allocated_large_idle", "%.0f"),
        ("cycle: restores, pages in order>=9, %", "restored_large_cycle", "%.0f"),
        ("cycle: allocations, in order>=9, %", "allocated_large_cycle", "%.0f"),
        ("freed: restored buffers, in order>=9, %", "freed_restored_large", "%.0f"),
        ("freed: never backed up, in order>=9, %", "freed_never_backed_up_large", "%.0f"),
        ("cycle freed: restored, in order>=9, %", "freed_restored_large_cycle", "%.0f"),
        ("cycle freed: never backed up, order>=9, %", "freed_never_backed_up_large_cycle",
         "%.0f"),
    ]
    for label, key, spec in rows:
        print("%-46s %10s %10s  %s" % (label, fmt(base[key], spec), fmt(pat[key], spec),
                                       targets.get(key, "")))
        if key == "idle_tax":
            print("%-46s %10s %10s  %s" % ("idle-tax: base / patched", "",
                                           fmt(tax_base_over_patched, "%.2fx"),
                                           targets["tax_base_over_patched"]))
    print("%-46s %10s %10s  %s" % ("overhead: patched / base", "", fmt(overhead, "%.3f"),
                                   targets["overhead"]))

    # TCG timings move from boot to boot: show the spread behind the medians.
    print()
    print("Per boot, in boot order:")
    for label, per_boot, spec in (
            ("idle-tax, beside / alone", lambda k: ratio_per_boot(k, "beside", "alone", "time_s"), "%.2f"),
            ("reference, idle anon / alone", lambda k: ratio_per_boot(k, "beside-anon", "alone", "time_s"), "%.2f"),
            ("MiB taken, dumb buffers", lambda k: values(k, "beside", "taken_mib"), "%.0f"),
            ("MiB taken, anon reference", lambda k: values(k, "beside-anon", "taken_mib"), "%.0f"),
            ("stall s, beside dumb buffers", lambda k: values(k, "beside", "stall_s"), "%.2f"),
            ("stall s, anon reference", lambda k: values(k, "beside-anon", "stall_s"), "%.2f"),
            ("wake-up s, dumb-buffer holder", lambda k: values(k, "wake", "time_s"), "%.2f"),
            ("wake-up s, idle anon process", lambda k: values(k, "wake-anon", "time_s"), "%.2f"),
            ("cycle, dumb / anonymous", lambda k: ratio_per_boot(k, "cycle-dumb", "cycle-anon", "mib_s"), "%.2f"),
            ("overhead, ms per iteration", lambda k: values(k, "overhead", "iter_ms_median"), "%.1f"),
            ("free order>=9 after cycle", lambda k: free_blocks(k, "orders-cycle"), "%.0f"),
            ("restored buffers, order>=9, %", lambda k: large_pct(
                k, "orders-start", "orders-cycle", "freed_restored"), "%.0f"),
            ("never backed up, order>=9, %", lambda k: large_pct(
                k, "orders-start", "orders-cycle", "freed_never_backed_up"), "%.0f")):
        print("  %-30s %s" % (label, "; ".join(
            "%s %s" % (k, " ".join(fmt(v, spec) for v in per_boot(k))) for k in KERNELS)))

    print()
    print("Per scenario, medians: pages swapped out and in, pages the shrinker wrote itself "
          "(pswpout - nr_vmscan_write),")
    print("direct reclaim (allocstall, pgscan_direct), peak RAM, swap and swap cache in use "
          "(MiB), memory stall (PSI some, s),")
    print("and, beside idle memory, the MiB taken from it (the TTM shrinker's backups and "
          "purges; for anonymous memory,")
    print("its VmSwap) and when 90% of that was taken (s); n/a: not measurable (the base has "
          "no TTM shrinker);")
    print("CPU time (s): the measured process's own in the kernel (sys), and kswapd's")
    columns = (("pswpout", "pswpout", "%.0f", 8), ("pswpin", "pswpin", "%.0f", 8),
               ("shrk wr", "shrinker_wrote", "%.0f", 8), ("allocstl", "allocstall", "%.0f", 8),
               ("pgscan d", "pgscan_direct", "%.0f", 9), ("peak RAM", "peak_ram_mib", "%.0f", 8),
               ("peak swp", "peak_swap_mib", "%.0f", 8), ("swp cach", "peak_swapcache_mib", "%.0f", 8),
               ("stall s", "stall_s", "%.2f", 7), ("MiB taken", "taken_mib", "%.0f", 9),
               ("reclaim", "reclaim_s", "%.1f", 7), ("sys s", "self_sys_s", "%.2f", 6),
               ("kswapd", "kswapd_s", "%.2f", 6))
    print("%-22s %-8s %s" % ("scenario", "kernel", " ".join("%*s" % (w, h) for h, _, _, w in columns)))
    for label, key in (("overhead", "overhead"), ("idle-tax alone", "alone"),
                       ("idle-tax beside", "beside"), ("wake-up, dumb holder", "wake"),
                       ("beside idle anon", "beside-anon"), ("wake-up, idle anon", "wake-anon"),
                       ("cycle fill, anon", "fill-anon"),
                       ("cycle, anon", "cycle-anon"), ("cycle fill, dumb", "fill-dumb"),
                       ("cycle, dumb", "cycle-dumb")):
        for k in KERNELS:
            cells = []
            for _, field, spec, width in columns:
                got = raw(k, key, field)
                m = med([num(v) for v in got])
                # "-": not reported for this scenario; "n/a": not measurable.
                text = fmt(m, spec) if m is not None else "n/a" if "n/a" in got else "-"
                cells.append("%*s" % (width, text))
            print("%-22s %-8s %s" % (label, k, " ".join(cells)))

    # results.csv: every measured phase of every boot, then the summary.
    os.makedirs(out, exist_ok=True)
    keys = ["kernel", "repetition", "scenario", "tag"]
    extra = sorted({f for k in KERNELS for _, _, runs in boots[k] for d in runs.values()
                    for f in d} - set(keys) - set(FIELDS))
    pad = [""] * (len(FIELDS) - 1 + len(extra))
    with open(os.path.join(out, "results.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(keys + list(FIELDS) + extra)
        for k in KERNELS:
            for rep, _, runs in sorted(boots[k], key=lambda b: b[0]):
                for (sc, tag), d in sorted(runs.items()):
                    w.writerow([k, rep, sc, tag] + [d.get(x, "") for x in FIELDS]
                               + [d.get(x, "") for x in extra])
        for k in KERNELS:
            for key, v in summary[k].items():
                w.writerow([k, "median", "summary", key, fmt(v, "%.4f")] + pad)
        w.writerow(["patched/base", "median", "summary", "overhead_ratio",
                    fmt(overhead, "%.4f")] + pad)
        w.writerow(["base/patched", "median", "summary", "idle_tax_ratio",
                    fmt(tax_base_over_patched, "%.4f")] + pad)

    plot(out, summary, overhead, {"taken_mib": taken_limit, "stall_s": stall_limit})

    for p in problems:
        print("problem: %s" % p)
    missing = ["%s %s" % (k, key) for k, key in
               [(k, "idle_tax") for k in KERNELS] +
               [("patched", key) for key in ("idle_tax_anon", "taken_mib", "taken_anon_mib",
                                             "stall_s", "stall_anon_s", "wake_s", "wake_anon_s")]
               if summary[k][key] is None]
    if missing:
        print("problem: missing figures: %s" % ", ".join(missing))
    print("results: %s, plot: %s" % (os.path.join(out, "results.csv"),
                                     os.path.join(out, "bench.png")))
    print("idle-tax: base %s, patched %s, anon reference %s" % (
        fmt(base["idle_tax"], "%.2fx"), fmt(pat["idle_tax"], "%.2fx"), fmt(ref_tax, "%.2fx")))
    print("reclaim: patched took %s MiB of buffers, anon reference took %s MiB; "
          "stall patched %s s, anon %s s" % (
              fmt(pat["taken_mib"], "%.0f"), fmt(pat["taken_anon_mib"], "%.0f"),
              fmt(pat["stall_s"]), fmt(pat["stall_anon_s"])))
    print("restored order>=9: patched %s of restored pages (never backed up: %s); "
          "free order>=9 blocks after cycle: base %s, patched %s" % (
              fmt(pat["freed_restored_large"], "%.0f%%"),
              fmt(pat["freed_never_backed_up_large"], "%.0f%%"),
              fmt(base["free_o9_cycle"], "%.0f"), fmt(pat["free_o9_cycle"], "%.0f")))
    return 1 if problems or missing else 0


def plot(out, summary, overhead, limits):
    """bench.png: the ratios of the three scenarios, then the MiB taken from
    the idle memory and the stall beside it: base, patched and the anon
    reference. Dashed lines: the patched kernel's targets."""
    base, pat = summary["base"], summary["patched"]

    def col(v):
        return fmt(v, "%.4f").replace("n/a", "-")

    with open(os.path.join(out, "bench-ratios.dat"), "w") as f:
        f.write("# figure base patched anon-reference\n")
        f.write('"idle-tax\\nbeside/alone" %s %s %s\n' % (
            col(base["idle_tax"]), col(pat["idle_tax"]), col(pat["idle_tax_anon"])))
        f.write('"cycle\\ndumb/anon MiB/s" %s %s -\n' % (
            col(base["cycle_ratio"]), col(pat["cycle_ratio"])))
        f.write('"overhead\\npatched/base" 1 %s -\n' % col(overhead))
    # One bar each: label, height, height of the text, text over the bar.
    for name, key, anon_key, spec in (("taken", "taken_mib", "taken_anon_mib", "%.0f"),
                                      ("stall", "stall_s", "stall_anon_s", "%.2f")):
        with open(os.path.join(out, "bench-%s.dat" % name), "w") as f:
            f.write("# bar value text-y text\n")
            for label, v in (("unpatched base", base[key]), ("patched", pat[key]),
                             ("anon reference", pat[anon_key])):
                f.write('"%s" %s %s "%s"\n' % (label, col(v), col(v or 0), fmt(v, spec)))

    def target_line(n, limit):
        """A dashed line over the patched bar (x = 1) at the target."""
        if limit is None:
            return "unset arrow"
        return ("set arrow %d from 0.6, first %.4f to 1.4, first %.4f nohead dashtype 2 "
                "lw 2 lc rgb 'black' front" % (n, limit, limit))

    script = """
set terminal pngcairo size 1600,560 noenhanced font ",11"
set output '{out}/bench.png'
set datafile missing "-"
set style fill solid 0.8 border -1
set grid ytics
set bmargin 5
set multiplot title "make bench, medians: unpatched base, patched, and the patched kernel's anon reference (dashed: targets of the patched kernel)"
set origin 0, 0
set size 0.4, 0.95
set title "ratios: lower is better, but for cycle"
set style data histograms
set style histogram clustered gap 1
set boxwidth 0.9
set logscale y
set yrange [0.5:*]
set ylabel "ratio (log scale)"
set key top right
set arrow 1 from 0.6, first {cycle_min} to 1.4, first {cycle_min} nohead dashtype 2 lw 2 lc rgb 'black' front
set arrow 2 from 1.6, first {overhead_max} to 2.4, first {overhead_max} nohead dashtype 2 lw 2 lc rgb 'black' front
plot '{out}/bench-ratios.dat' using 2:xtic(1) title "unpatched base" lc 1, \\
     '' using 3 title "patched" lc 2, '' using 4 title "anon reference (idle-tax target)" lc 3
unset arrow
unset logscale y
set yrange [0:*]
set offsets 0, 0, graph 0.12, 0
set style data boxes
set boxwidth 0.6
set xrange [-0.6:2.6]
set origin 0.4, 0
set size 0.3, 0.95
set title "MiB taken from the idle memory"
set ylabel "MiB"
{taken_line}
plot '{out}/bench-taken.dat' using 0:2:(0.6):($0 + 1) lc variable notitle, \\
     '' using 0:3:4:xtic(1) with labels offset 0,0.8 notitle
unset arrow
set origin 0.7, 0
set title "memory stall beside the idle memory"
set ylabel "s (PSI some)"
{stall_line}
plot '{out}/bench-stall.dat' using 0:2:(0.6):($0 + 1) lc variable notitle, \\
     '' using 0:3:4:xtic(1) with labels offset 0,0.8 notitle
unset multiplot
""".format(out=out, cycle_min=CYCLE_MIN, overhead_max=OVERHEAD_MAX,
           taken_line=target_line(1, limits["taken_mib"]),
           stall_line=target_line(1, limits["stall_s"]))
    try:
        subprocess.run(["gnuplot"], input=script, text=True, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    except (OSError, subprocess.CalledProcessError) as e:
        print("problem: gnuplot failed: %s" % getattr(e, "stderr", e))


if __name__ == "__main__":
    sys.exit(main())
