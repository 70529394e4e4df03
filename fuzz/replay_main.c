// SPDX-License-Identifier: BSD-2-Clause
/*
 * fuzz/replay_main.c: runs a fuzz target over every file of the corpus folders given on the
 * command line, for compilers without libFuzzer. Any crash or sanitizer report fails the test;
 * an empty corpus fails too, so a missing folder cannot pass silently.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));

static int run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf;
	long len;

	if (!f)
		return -1;
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc(len > 0 ? len : 1);
	if (!buf || (len > 0 && fread(buf, 1, len, f) != (size_t)len)) {
		fclose(f);
		free(buf);
		return -1;
	}
	fclose(f);
	LLVMFuzzerTestOneInput(buf, len);
	free(buf);
	return 0;
}

int main(int argc, char **argv)
{
	int files = 0;

	if (LLVMFuzzerInitialize)
		LLVMFuzzerInitialize(&argc, &argv);
	for (int i = 1; i < argc; i++) {
		struct dirent *de;
		DIR *d = opendir(argv[i]);

		if (!d) {
			fprintf(stderr, "cannot open corpus folder %s\n", argv[i]);
			return 1;
		}
		while ((de = readdir(d))) {
			char path[4096];
			struct stat st;

			snprintf(path, sizeof(path), "%s/%s", argv[i], de->d_name);
			if (stat(path, &st) || !S_ISREG(st.st_mode))
				continue;
			if (run_file(path)) {
				fprintf(stderr, "cannot read %s\n", path);
				closedir(d);
				return 1;
			}
			files++;
		}
		closedir(d);
	}
	printf("%d corpus files replayed\n", files);
	return files ? 0 : 1;
}
