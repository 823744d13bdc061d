/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace build: an iov_iter over one buffer in memory (ITER_KVEC's
 * one-segment case), what the page table's export writes its image to.
 */
#ifndef _UCORE_LINUX_UIO_H
#define _UCORE_LINUX_UIO_H
#include <string.h>
#include <linux/mm.h>

#define ITER_DEST	0

struct kvec {
	void *iov_base;
	size_t iov_len;
};

struct iov_iter {
	char *buf;
	size_t count;
};

static inline void iov_iter_kvec(struct iov_iter *i, unsigned int direction,
				 const struct kvec *kvec, unsigned long nr,
				 size_t count)
{
	i->buf = kvec->iov_base;
	i->count = count < kvec->iov_len ? count : kvec->iov_len;
}

static inline size_t copy_to_iter(const void *addr, size_t bytes,
				  struct iov_iter *i)
{
	if (bytes > i->count)
		bytes = i->count;
	memcpy(i->buf, addr, bytes);
	i->buf += bytes;
	i->count -= bytes;
	return bytes;
}

static inline size_t copy_page_to_iter(struct page *page, size_t offset,
				       size_t bytes, struct iov_iter *i)
{
	return copy_to_iter((char *)page_address(page) + offset, bytes, i);
}
#endif
