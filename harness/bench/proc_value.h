/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared by the harness's guest programs (bench/gpu_bench.c,
 * vm/snapshot_free.c): one value from a "key: value" file.
 */
#ifndef HARNESS_PROC_VALUE_H
#define HARNESS_PROC_VALUE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The value after "key" (followed by ' ' or ':') in a /proc file, or -1. */
static inline long long proc_value(const char *file, const char *key)
{
	size_t n = strlen(key);
	long long v = -1;
	char line[256];
	FILE *f = fopen(file, "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, key, n) && (line[n] == ' ' || line[n] == ':')) {
			v = atoll(line + n + 1);
			break;
		}
	fclose(f);
	return v;
}

#endif
