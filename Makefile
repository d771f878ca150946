# Front end of the patch queue. "make help" lists the targets and variables.

SHELL := /bin/bash

# VM_MEM, VM_SWAP, VM_GPU (the test VM) and JOBS (parallel build jobs)
# pass through the environment; their defaults are in harness/lib.sh.

H := harness

.PHONY: help run check check-series worktree export base deps kernel \
	vm-shell bench bench-swap hibernate-test resign clean distclean

help:
	@echo "make run            build the patched kernel, boot it in QEMU with a GPU (VM_GPU)"
	@echo "                    and a swap disk, run the swapping workload, show the result"
	@echo "make check          everything: base, series, per-patch checks, build, KUnit and"
	@echo "                    selftests in the VM; last line 'N passed, N failed'"
	@echo "make worktree       build/linux = base + patches/series as git commits (branch series)"
	@echo "make export         patches/ = git format-patch base..HEAD of build/linux"
	@echo "make resign         re-sign every patch as you (RESIGN_NAME, RESIGN_EMAIL, or your"
	@echo "                    global git identity), then make export"
	@echo "make check-series   checkpatch --strict and a W=1 build for each patch in turn"
	@echo "make kernel         build the patched test kernel (build/obj/test)"
	@echo "make vm-shell       boot the test kernel with a shell on the console"
	@echo "make bench          the unpatched base against the series (same kconfig, no debug):"
	@echo "                    idle-tax, cycle, overhead; BENCH_REPS=3 boots of each kernel;"
	@echo "                    table, build/bench/results.csv, bench.png, idle-tax line last"
	@echo "make bench-swap     swap_backup_folio() throughput beside the kernel's own swapping"
	@echo "                    of anonymous memory, in one VM (BENCH_MIB=256, BENCH_REPS=3)"
	@echo "make soak           SOAK_MIN=30 minutes of hostile pressure on bochs and qxl in the"
	@echo "                    VM; last line 'soak: G GiB through swap, ... W warnings'"
	@echo "make hibernate-test dumb buffers across hibernation (two boots on one swap disk)"
	@echo "                    and suspend to RAM, on bochs and qxl (build/obj/hib-test)"
	@echo "make base           fetch, verify and extract the base kernel only"
	@echo "make clean          remove build outputs, keep build/linux and ccache"
	@echo "make distclean      remove build/ entirely"
	@echo
	@echo "Variables (defaults in harness/lib.sh): VM_MEM (1G), VM_SWAP (4G), VM_GPU (bochs), JOBS (all cores)"

run:
	@$(H)/run.sh

check:
	@$(H)/check.sh

deps:
	@$(H)/deps.sh

base:
	@$(H)/base.sh

worktree:
	@$(H)/worktree.sh

export:
	@$(H)/export.sh

resign:
	@$(H)/resign.sh

check-series:
	@$(H)/check-series.sh

kernel:
	@$(H)/build.sh test

vm-shell:
	@$(H)/vm-shell.sh

bench:
	@$(H)/bench.sh

bench-swap:
	@$(H)/bench-swap.sh

# Not part of make check (which runs two minutes of it). See README.
.PHONY: soak
export SOAK_MIN SOAK_SEED SOAK_CLIENTS SOAK_FAULT_INTERVAL SOAK_SWAPOFF_PERIOD SOAK_APPEND
soak:
	@$(H)/soak.sh

hibernate-test:
	@$(H)/hibernate.sh

clean:
	rm -rf build/obj build/logs build/vm build/bench

distclean:
	rm -rf build
