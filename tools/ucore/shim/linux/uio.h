/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace build: an iov_iter over one buffer in memory (ITER_KVEC's
 * one-segment case), what the export writes its image to and what the
 * data copies read from (ITER_SOURCE) or write to (ITER_DEST).
 */
#ifndef _UCORE_LINUX_UIO_H
#define _UCORE_LINUX_UIO_H
#include <string.h>
#include <linux/mm.h>

#define READ		0
#define WRITE		1
#define ITER_DEST	READ
#define ITER_SOURCE	WRITE

struct kvec {
	void *iov_base;
	size_t iov_len;
};

struct iov_iter {
	unsigned char data_source;
	char *buf;
	size_t count;
};

static inline void iov_iter_kvec(struct iov_iter *i, unsigned int direction,
				 const struct kvec *kvec, unsigned long nr,
				 size_t count)
{
	i->data_source = direction;
	i->buf = kvec->iov_base;
	i->count = count < kvec->iov_len ? count : kvec->iov_len;
}

static inline unsigned char iov_iter_rw(const struct iov_iter *i)
{
	return i->data_source;
}

static inline size_t iov_iter_count(const struct iov_iter *i)
{
	return i->count;
}

/* A buffer in memory is always there. */
static inline size_t fault_in_iov_iter_readable(const struct iov_iter *i,
						size_t bytes)
{
	return 0;
}

static inline size_t fault_in_iov_iter_writeable(const struct iov_iter *i,
						 size_t bytes)
{
	return 0;
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

static inline size_t copy_from_iter(void *addr, size_t bytes,
				    struct iov_iter *i)
{
	if (bytes > i->count)
		bytes = i->count;
	memcpy(addr, i->buf, bytes);
	i->buf += bytes;
	i->count -= bytes;
	return bytes;
}

static inline size_t copy_page_to_iter(struct page *page, size_t offset,
				       size_t bytes, struct iov_iter *i)
{
	return copy_to_iter((char *)page_address(page) + offset, bytes, i);
}

static inline size_t copy_page_from_iter(struct page *page, size_t offset,
					 size_t bytes, struct iov_iter *i)
{
	return copy_from_iter((char *)page_address(page) + offset, bytes, i);
}
#endif
