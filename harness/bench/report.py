#!/usr/bin/env python3
"""make bench's report: read the VM logs, print a table, write results.csv
and bench.png, and print the idle-tax line last.

Usage: report.py OUTDIR LOG...   (LOG: build/logs/bench-{base,patched}-R.log)

Ratios are taken inside one boot (beside/alone, dumb/anon), where both
sides ran on the same kernel in the same VM, then the median over the
repetitions is reported; cross-kernel ratios (overhead) compare medians.
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
FIELDS = ("time_s", "pswpout", "pswpin", "peak_ram_mib", "peak_swap_mib",
          "stall_s", "reclaim_s", "idle_out_mib")


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
    return "-" if v is None else spec % v


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

    def values(kernel, key, field):
        return [num(runs.get(key, {}).get(field)) for _, _, runs in boots[kernel]]

    def ratio_per_boot(kernel, num_key, den_key, field):
        r = []
        for _, _, runs in boots[kernel]:
            a = num(runs.get(num_key, {}).get(field))
            b = num(runs.get(den_key, {}).get(field))
            r.append(a / b if a is not None and b else None)
        return r

    # Content checks, everywhere.
    for k in KERNELS:
        for rep, _, runs in boots[k]:
            for key, d in runs.items():
                if int(d.get("mismatches", "0")) != 0:
                    problems.append("%s repetition %d: %s/%s: %s mismatches"
                                    % (k, rep, key[0], key[1], d["mismatches"]))

    S = {
        "alone": ("anon", "alone"),
        "beside": ("anon", "beside"),
        "beside-anon": ("anon", "beside-anon"),
        "idle": ("idle-check", "idle"),
        "cycle-anon": ("cycle", "anon"),
        "cycle-dumb": ("cycle", "dumb"),
        "fill-anon": ("cycle-fill", "anon"),
        "fill-dumb": ("cycle-fill", "dumb"),
        "overhead": ("overhead", "overhead"),
    }
    summary = {}
    for k in KERNELS:
        s = summary[k] = {}
        s["alone_s"] = med(values(k, S["alone"], "time_s"))
        s["beside_s"] = med(values(k, S["beside"], "time_s"))
        s["idle_tax"] = med(ratio_per_boot(k, S["beside"], S["alone"], "time_s"))
        s["beside_anon_s"] = med(values(k, S["beside-anon"], "time_s"))
        s["idle_tax_anon"] = med(ratio_per_boot(k, S["beside-anon"], S["alone"], "time_s"))
        s["idle_s"] = med(values(k, S["idle"], "time_s"))
        s["dumb_mib_s"] = med(values(k, S["cycle-dumb"], "mib_s"))
        s["anon_mib_s"] = med(values(k, S["cycle-anon"], "mib_s"))
        s["cycle_ratio"] = med(ratio_per_boot(k, S["cycle-dumb"], S["cycle-anon"], "mib_s"))
        s["overhead_ms"] = med(values(k, S["overhead"], "iter_ms_median"))
    ob, op = summary["base"]["overhead_ms"], summary["patched"]["overhead_ms"]
    overhead = op / ob if ob and op else None

    reps = {k: len(boots[k]) for k in KERNELS}
    print()
    print("make bench: medians of %d base and %d patched boots (TCG: compare ratios, "
          "not absolute speeds)" % (reps["base"], reps["patched"]))
    print()
    print("%-44s %12s %12s  %s" % ("figure", "base", "patched", "target (patched)"))
    rows = [
        ("idle-tax: working set alone, s", "alone_s", "%.2f", ""),
        ("idle-tax: beside idle dumb buffers, s", "beside_s", "%.2f", ""),
        ("idle-tax: beside / alone", "idle_tax", "%.2fx", "<= 1.15x"),
        ("idle-tax: idle process wakes, checks all, s", "idle_s", "%.2f", ""),
        ("reference: beside idle anonymous memory, s", "beside_anon_s", "%.2f", ""),
        ("reference: beside idle anon / alone", "idle_tax_anon", "%.2fx", ""),
        ("cycle: dumb buffers, MiB/s", "dumb_mib_s", "%.1f", ""),
        ("cycle: anonymous memory, MiB/s", "anon_mib_s", "%.1f", ""),
        ("cycle: dumb / anonymous", "cycle_ratio", "%.2f", ">= 0.90"),
        ("overhead: create+fault+destroy 64 MiB, ms", "overhead_ms", "%.1f", ""),
    ]
    verdicts = []
    for label, key, spec, target in rows:
        b, p = summary["base"][key], summary["patched"][key]
        verdict = ""
        if key == "idle_tax" and p is not None:
            verdict = "met" if p <= 1.15 else "MISSED"
        if key == "cycle_ratio" and p is not None:
            verdict = "met" if p >= 0.90 else "MISSED"
        if verdict:
            verdicts.append((label, verdict))
        print("%-44s %12s %12s  %s %s" % (label, fmt(b, spec), fmt(p, spec), target, verdict))
    ov = "met" if overhead is not None and overhead <= 1.03 else "MISSED"
    print("%-44s %12s %12s  %s %s" % ("overhead: patched / base", "", fmt(overhead, "%.3f"),
                                      "<= 1.03", ov if overhead is not None else ""))

    # TCG timings move from boot to boot: show the spread behind the medians.
    print()
    print("Per boot, in boot order:")
    for label, per_boot, spec in (
            ("idle-tax, beside / alone", lambda k: ratio_per_boot(k, S["beside"], S["alone"], "time_s"), "%.2f"),
            ("reference, idle anon / alone", lambda k: ratio_per_boot(k, S["beside-anon"], S["alone"], "time_s"), "%.2f"),
            ("cycle, dumb / anonymous", lambda k: ratio_per_boot(k, S["cycle-dumb"], S["cycle-anon"], "mib_s"), "%.2f"),
            ("overhead, ms per iteration", lambda k: values(k, S["overhead"], "iter_ms_median"), "%.1f")):
        print("  %-28s %s" % (label, "; ".join(
            "%s %s" % (k, " ".join(fmt(v, spec) for v in per_boot(k))) for k in KERNELS)))

    print()
    print("Per scenario, medians: pages swapped out/in, peak RAM and swap in use (MiB), "
          "memory stall (PSI some, s),")
    print("and, beside idle buffers, when 90% of what the TTM shrinker took from them was")
    print("taken (s) and how much it took (MiB); n/a: no TTM shrinker in the base")
    print("%-22s %-8s %9s %9s %8s %8s %8s  %s" % ("scenario", "kernel", "pswpout", "pswpin",
                                                "peak RAM", "peak swp", "stall s", "reclaim"))
    for label, key in (("overhead", "overhead"), ("idle-tax alone", "alone"),
                       ("idle-tax beside", "beside"), ("beside idle anon", "beside-anon"),
                       ("cycle fill, anon", "fill-anon"),
                       ("cycle, anon", "cycle-anon"), ("cycle fill, dumb", "fill-dumb"),
                       ("cycle, dumb", "cycle-dumb")):
        for k in KERNELS:
            vals = [med(values(k, S[key], f)) for f in FIELDS[1:6]]
            rec = [runs.get(S[key], {}).get("reclaim_s") for _, _, runs in boots[k]]
            recn = [num(x) for x in rec if num(x) is not None]
            if recn:
                rtxt = "%.1f" % statistics.median(recn)
            elif any(x == "n/a" for x in rec):
                rtxt = "n/a"
            else:
                rtxt = "-"
            out_mib = med(values(k, S[key], "idle_out_mib"))
            if out_mib is not None:
                rtxt += " (%.0f MiB)" % out_mib
            print("%-22s %-8s %9s %9s %8s %8s %8s  %s" % (
                label, k, fmt(vals[0], "%.0f"), fmt(vals[1], "%.0f"), fmt(vals[2], "%.0f"),
                fmt(vals[3], "%.0f"), fmt(vals[4], "%.2f"), rtxt))

    # results.csv: every measured phase of every boot, then the summary.
    os.makedirs(out, exist_ok=True)
    keys = ["kernel", "repetition", "scenario", "tag"]
    extra = sorted({f for k in KERNELS for _, _, runs in boots[k] for d in runs.values()
                    for f in d} - set(keys) - set(FIELDS))
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
                w.writerow([k, "median", "summary", key] + [fmt(v, "%.4f")] +
                           [""] * (len(FIELDS) - 1 + len(extra)))
        w.writerow(["patched/base", "median", "summary", "overhead_ratio",
                    fmt(overhead, "%.4f")] + [""] * (len(FIELDS) - 1 + len(extra)))

    plot(out, summary, overhead)

    for p in problems:
        print("problem: %s" % p)
    missing = [k for k in KERNELS if summary[k]["idle_tax"] is None]
    if missing:
        print("problem: no idle-tax figure for %s" % ", ".join(missing))
    print("results: %s, plot: %s" % (os.path.join(out, "results.csv"),
                                     os.path.join(out, "bench.png")))
    print("idle-tax: base %sx, patched %sx" % (fmt(summary["base"]["idle_tax"]),
                                              fmt(summary["patched"]["idle_tax"])))
    return 1 if problems or missing else 0


def plot(out, summary, overhead):
    """bench.png: the three scenarios side by side, base against patched."""
    dat = os.path.join(out, "bench.dat")
    with open(dat, "w") as f:
        f.write("# figure base patched\n")
        for label, key in (("idle-tax\\n(beside/alone)", "idle_tax"),
                           ("cycle\\n(dumb/anon MiB/s)", "cycle_ratio")):
            f.write('"%s" %s %s\n' % (label, fmt(summary["base"][key], "%.4f"),
                                      fmt(summary["patched"][key], "%.4f")))
        f.write('"overhead\\n(patched/base time)" 1 %s\n' % fmt(overhead, "%.4f"))
    script = """
set terminal pngcairo size 900,520 noenhanced font ",11"
set output '%s'
set title "make bench: ratios, medians (lower is better for idle-tax and overhead)"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set boxwidth 0.9
set logscale y
set yrange [0.5:*]
set bmargin 4
set ylabel "ratio (log scale)"
set grid ytics
set datafile missing "-"
set key top right
set label 1 "goal 1.15" at graph 0.005, first 1.35 font ",9"
plot '%s' using 2:xtic(1) title "unpatched base", '' using 3 title "patched", \\
     1.15 with lines dashtype 2 lc rgb "gray" notitle
""" % (os.path.join(out, "bench.png"), dat)
    try:
        subprocess.run(["gnuplot"], input=script, text=True, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    except (OSError, subprocess.CalledProcessError) as e:
        print("problem: gnuplot failed: %s" % getattr(e, "stderr", e))


if __name__ == "__main__":
    sys.exit(main())
