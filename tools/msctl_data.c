// SPDX-License-Identifier: GPL-2.0
/*
 * msctl: data through the space and fork. "read" and "write" copy bytes
 * at the space's virtual addresses (MS_IOC_READ, MS_IOC_WRITE), "clone"
 * forks the space copy-on-write (MS_IOC_CLONE) and makes the clone the
 * space the next lines act on, "parent" goes back; "exec" loads a static
 * ELF program into the space as exec(2) builds an address space.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <linux/elf.h>
#include <linux/memory_set.h>

#include "msctl.h"

#define PAGE		4096ULL
#define MAX_SPACES	16
#define DYN_BASE	0x555555554000ULL	/* where Linux puts a PIE */
#define STACK_TOP	0x7ffffff00000ULL
#define STACK_SIZE	(32 * PAGE)

/* The spaces of this msctl: [0] is the one it opened, then clones. */
static int spaces[MAX_SPACES];
static int depth;

static const char *const results[] = {
	[MS_TOUCH_OK] = "ok",
	[MS_TOUCH_MAPERR] = "nothing is mapped there (MAPERR)",
	[MS_TOUCH_ACCERR] = "the page does not allow it (ACCERR)",
	[MS_TOUCH_NODATA] =
		"a LINEAR page: not the module's memory to read or write (NODATA)",
};

/* One copy; 0, or 1 with the reason printed. */
static int copy(unsigned long cmd, __u64 va, void *buf, __u64 len,
		__u64 *done)
{
	struct ms_rw_args a = { .vaddr = va, .buf = (uintptr_t)buf,
				.len = len };
	char what[64];

	snprintf(what, sizeof(what), "%s %#llx+%#llx",
		 cmd == MS_IOC_READ ? "read" : "write", (unsigned long long)va,
		 (unsigned long long)len);
	if (ioctl(msctl_fd, cmd, &a))
		return msctl_fail(what, errno == EFAULT ?
				  "msctl's buffer could not be copied" :
				  errno == ENOMEM ?
				  "a page fault needs a frame past the space's page budget" :
				  errno == EINVAL ?
				  "ADDR + LEN passes the space's address limit" :
				  strerror(errno), errno);
	*done = a.done;
	if (a.result == MS_TOUCH_OK)
		return 0;
	fprintf(stderr, "msctl: %s: stopped after %#llx bytes, at %#llx: %s\n",
		what, (unsigned long long)a.done,
		(unsigned long long)(va + a.done),
		a.result < ARRAY_SIZE(results) ? results[a.result] : "?");
	return 1;
}

/* hexdump -C, with the space's addresses. */
static void hexdump(__u64 va, const unsigned char *p, __u64 len)
{
	__u64 i, k;

	for (i = 0; i < len; i += 16) {
		printf("%012llx ", (unsigned long long)(va + i));
		for (k = i; k < i + 16; k++) {
			if (k % 8 == 0)
				printf(" ");
			if (k < len)
				printf("%02x ", p[k]);
			else
				printf("   ");
		}
		printf(" |");
		for (k = i; k < i + 16 && k < len; k++)
			putchar(p[k] >= 0x20 && p[k] < 0x7f ? p[k] : '.');
		printf("|\n");
	}
}

/* read ADDR LEN: the bytes, as hexdump -C shows them. */
int msctl_read(const struct msctl_cmd *cmd, int argc, char **argv)
{
	__u64 va, len, done = 0;
	unsigned char *buf;
	int ret;

	if (argc != 3 || msctl_parse_u64(argv[1], &va) ||
	    msctl_parse_u64(argv[2], &len))
		return msctl_usage(cmd, "ADDR and LEN, numbers, are needed");
	if (len > (64ULL << 20))
		return msctl_usage(cmd, "LEN is at most 64M");
	buf = malloc(len ?: 1);
	if (!buf)
		return msctl_fail("read", "out of memory", ENOMEM);
	ret = copy(MS_IOC_READ, va, buf, len, &done);
	hexdump(va, buf, done);
	free(buf);
	return ret;
}

/* The bytes of a file, for "write ADDR @FILE" and "exec". */
static unsigned char *slurp(const char *path, __u64 *len)
{
	unsigned char *buf = NULL;
	struct stat st;
	int fd = open(path, O_RDONLY);

	if (fd < 0 || fstat(fd, &st) || st.st_size > (256LL << 20))
		goto out;
	buf = malloc(st.st_size ?: 1);
	if (buf && read(fd, buf, st.st_size) != st.st_size) {
		free(buf);
		buf = NULL;
	}
	*len = st.st_size;
out:
	if (fd >= 0)
		close(fd);
	return buf;
}

/* write ADDR DATA|@FILE: the words of DATA joined by spaces, or a file. */
int msctl_write(const struct msctl_cmd *cmd, int argc, char **argv)
{
	char text[1024] = "";
	unsigned char *buf;
	__u64 va, len, done;
	int i, ret;

	if (argc < 3 || msctl_parse_u64(argv[1], &va))
		return msctl_usage(cmd, "ADDR, a number, and DATA are needed");
	if (argv[2][0] == '@') {
		buf = slurp(argv[2] + 1, &len);
		if (!buf)
			return msctl_fail(argv[2] + 1, "cannot read the file",
					  errno ?: EIO);
	} else {
		for (i = 2; i < argc; i++) {
			if (i > 2)
				strncat(text, " ", sizeof(text) - strlen(text) - 1);
			strncat(text, argv[i], sizeof(text) - strlen(text) - 1);
		}
		len = strlen(text);
		buf = (unsigned char *)strdup(text);
	}
	ret = copy(MS_IOC_WRITE, va, buf, len, &done);
	if (!ret)
		printf("wrote %llu bytes at %#llx\n", (unsigned long long)done,
		       (unsigned long long)va);
	free(buf);
	return ret;
}

/* clone: fork the space; the next lines act on the clone. */
int msctl_clone(const struct msctl_cmd *cmd, int argc, char **argv)
{
	int child;

	if (argc != 1)
		return msctl_usage(cmd, "no arguments");
	if (depth + 1 == MAX_SPACES)
		return msctl_usage(cmd, "at most %d clones deep", MAX_SPACES - 1);
	child = ioctl(msctl_fd, MS_IOC_CLONE);
	if (child < 0)
		return msctl_fail("clone", errno == ENOMEM ?
				  "the clone would pass its limits (max_pages, max_areas)" :
				  strerror(errno), errno);
	spaces[depth++] = msctl_fd;
	msctl_fd = child;
	printf("cloned: the lines that follow act on the clone (%d deep); 'parent' goes back\n",
	       depth);
	return 0;
}

/* parent: close nothing, act on the space the current one was cloned from. */
int msctl_parent(const struct msctl_cmd *cmd, int argc, char **argv)
{
	if (argc != 1)
		return msctl_usage(cmd, "no arguments");
	if (!depth)
		return msctl_usage(cmd, "this space is no clone");
	msctl_fd = spaces[--depth];
	printf("back to the parent (%d deep); its clone stays open\n", depth);
	return 0;
}

/* The protection of a segment: PF_R/W/X, for a user-mode program. */
static const char *segment_prot(__u32 flags)
{
	static char prot[8];
	int n = 0;

	prot[n++] = 'r';
	if (flags & PF_W)
		prot[n++] = 'w';
	if (flags & PF_X)
		prot[n++] = 'x';
	prot[n++] = 'u';
	prot[n] = '\0';
	return prot;
}

/* map ADDR SIZE PROT [options], as a script line would. */
static int map_line(__u64 start, __u64 size, const char *prot, const char *opt)
{
	char a[24], s[24], *argv[5] = { "map", a, s, (char *)prot, (char *)opt };

	snprintf(a, sizeof(a), "%#llx", (unsigned long long)start);
	snprintf(s, sizeof(s), "%#llx", (unsigned long long)size);
	return msctl_run(opt ? 5 : 4, argv);
}

static int protect_line(__u64 start, __u64 size, const char *prot)
{
	char a[24], s[24], *argv[4] = { "protect", a, s, (char *)prot };

	snprintf(a, sizeof(a), "%#llx", (unsigned long long)start);
	snprintf(s, sizeof(s), "%#llx", (unsigned long long)size);
	return msctl_run(4, argv);
}

/* One PT_LOAD: map it writable, copy the file's bytes, then protect it. */
static int load_segment(const unsigned char *file, __u64 file_len,
			const struct elf64_phdr *ph, __u64 base)
{
	__u64 va = base + ph->p_vaddr, start = va & ~(PAGE - 1);
	__u64 end = (va + ph->p_memsz + PAGE - 1) & ~(PAGE - 1), done;
	int ret;

	if (ph->p_offset > file_len || ph->p_filesz > file_len - ph->p_offset ||
	    ph->p_filesz > ph->p_memsz)
		return msctl_fail("exec", "a PT_LOAD segment lies outside the file",
				  ENOEXEC);
	printf("  PT_LOAD %#llx+%#llx (file %#llx bytes, bss %#llx) %s\n",
	       (unsigned long long)va, (unsigned long long)ph->p_memsz,
	       (unsigned long long)ph->p_filesz,
	       (unsigned long long)(ph->p_memsz - ph->p_filesz),
	       segment_prot(ph->p_flags));
	ret = map_line(start, end - start, "rwu", NULL);
	if (!ret && ph->p_filesz)
		ret = copy(MS_IOC_WRITE, va, (void *)(file + ph->p_offset),
			   ph->p_filesz, &done);
	/* The bss past the file's bytes: fresh pages read as zeroes. */
	if (!ret && strcmp(segment_prot(ph->p_flags), "rwu"))
		ret = protect_line(start, end - start,
				   segment_prot(ph->p_flags));
	return ret;
}

/* A stack at the top of the user half, with a guard page below it. */
static int map_stack(void)
{
	int ret = map_line(STACK_TOP - STACK_SIZE - PAGE, PAGE, "none", NULL);

	if (!ret)
		ret = map_line(STACK_TOP - STACK_SIZE, STACK_SIZE, "rwu", NULL);
	printf("  stack %#llx+%#llx rwu, guard page (PROT_NONE) at %#llx\n",
	       (unsigned long long)(STACK_TOP - STACK_SIZE),
	       (unsigned long long)STACK_SIZE,
	       (unsigned long long)(STACK_TOP - STACK_SIZE - PAGE));
	return ret;
}

static int elf_ok(const unsigned char *file, __u64 len)
{
	const struct elf64_hdr *eh = (const void *)file;

	return len >= sizeof(*eh) && !memcmp(eh->e_ident, ELFMAG, SELFMAG) &&
	       eh->e_ident[EI_CLASS] == ELFCLASS64 &&
	       (eh->e_type == ET_EXEC || eh->e_type == ET_DYN) &&
	       eh->e_phentsize == sizeof(struct elf64_phdr) &&
	       eh->e_phoff < len &&
	       (__u64)eh->e_phnum * sizeof(struct elf64_phdr) <= len - eh->e_phoff;
}

/* exec FILE: load a static ELF program as exec(2) would, then list it. */
int msctl_exec(const struct msctl_cmd *cmd, int argc, char **argv)
{
	const struct elf64_hdr *eh;
	const struct elf64_phdr *ph;
	unsigned char *file;
	__u64 len, base;
	int i, ret = 0;

	if (argc != 2)
		return msctl_usage(cmd, "FILE, a static ELF program, is needed");
	file = slurp(argv[1], &len);
	if (!file)
		return msctl_fail(argv[1], "cannot read the file", errno ?: EIO);
	if (!elf_ok(file, len)) {
		free(file);
		return msctl_fail(argv[1], "not a 64-bit ELF program", ENOEXEC);
	}
	eh = (const void *)file;
	ph = (const void *)(file + eh->e_phoff);
	base = eh->e_type == ET_DYN ? DYN_BASE : 0;
	printf("exec %s: %s, entry %#llx\n", argv[1],
	       eh->e_type == ET_DYN ? "position-independent, loaded at 0x555555554000" :
	       "fixed addresses", (unsigned long long)(base + eh->e_entry));
	for (i = 0; i < eh->e_phnum && !ret; i++)
		if (ph[i].p_type == PT_LOAD)
			ret = load_segment(file, len, &ph[i], base);
	free(file);
	if (!ret)
		ret = map_stack();
	/* The address space, as /proc/PID/maps would list it. */
	if (!ret)
		ret = msctl_run(1, (char *[]){ "list" });
	return ret;
}

/*
 * export FILE --base ADDR: the space's page table as an image a loader
 * places at physical ADDR (MS_IOC_EXPORT), written to FILE.
 */
int msctl_export(const struct msctl_cmd *cmd, int argc, char **argv)
{
	struct ms_export_args a = { 0 };
	void *buf;
	int fd, ret = 0;

	if (argc != 4 || strcmp(argv[2], "--base") ||
	    msctl_parse_u64(argv[3], &a.base))
		return msctl_usage(cmd, "FILE and --base ADDR are needed");
	/* The size first: ENOSPC, with size and root written back. */
	if (!ioctl(msctl_fd, MS_IOC_EXPORT, &a) || errno != ENOSPC)
		return msctl_fail("export", errno != EINVAL ? strerror(errno) :
				  "ADDR is not page-aligned, or the image would pass the format's physical addresses",
				  errno);
	buf = malloc(a.size);
	if (!buf)
		return msctl_fail("export", "out of memory", ENOMEM);
	a.buf = (uintptr_t)buf;
	a.len = a.size;
	if (ioctl(msctl_fd, MS_IOC_EXPORT, &a)) {
		ret = msctl_fail("export", strerror(errno), errno);
		goto out;
	}
	fd = open(argv[1], O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || write(fd, buf, a.size) != (ssize_t)a.size) {
		ret = msctl_fail(argv[1], "cannot write the file", errno);
		if (fd >= 0)
			close(fd);
		goto out;
	}
	close(fd);
	printf("export %s: format %s, root %#llx, %llu bytes (%llu pages)\n",
	       argv[1], msctl_format_name(), (unsigned long long)a.root,
	       (unsigned long long)a.size, (unsigned long long)a.size / 4096);
out:
	free(buf);
	return ret;
}
