/* SPDX-License-Identifier: GPL-2.0 */
/*
 * msctl: what its files share. msctl.c holds the command table and the
 * commands that make one ioctl each; msctl_dot.c draws a space;
 * msctl_data.c copies data, forks the space, loads programs and exports
 * the page table.
 */
#ifndef MSCTL_H
#define MSCTL_H

#include <linux/types.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/**
 * struct msctl_cmd - one command: one row of the table in msctl.c
 * @name: what the user types
 * @args: its arguments, as --help and usage errors show them
 * @help: what it does, one line
 * @run: run it with argv[0] the name; 0 on success, 1 if the kernel
 *	refused it, 2 for a usage error
 * @batch: it may stand between "batch" and "end"
 */
struct msctl_cmd {
	const char *name;
	const char *args;
	const char *help;
	int (*run)(const struct msctl_cmd *cmd, int argc, char **argv);
	int batch;
};

/* The open /dev/memory_set: the one address space of this msctl. */
extern int msctl_fd;

int msctl_parse_u64(const char *s, __u64 *out);
const char *msctl_size_str(__u64 size, char *buf);
int msctl_usage(const struct msctl_cmd *cmd, const char *fmt, ...);
int msctl_fail(const char *what, const char *why, int err);
int msctl_run(int argc, char **argv);
int msctl_dot(const struct msctl_cmd *cmd, int argc, char **argv);
int msctl_read(const struct msctl_cmd *cmd, int argc, char **argv);
int msctl_write(const struct msctl_cmd *cmd, int argc, char **argv);
int msctl_clone(const struct msctl_cmd *cmd, int argc, char **argv);
int msctl_parent(const struct msctl_cmd *cmd, int argc, char **argv);
int msctl_exec(const struct msctl_cmd *cmd, int argc, char **argv);
int msctl_export(const struct msctl_cmd *cmd, int argc, char **argv);
const char *msctl_format_name(void);

#endif /* MSCTL_H */
