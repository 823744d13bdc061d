/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The fixture of the ioctl tests: a fresh address space per test.
 */
#ifndef _MS_TEST_SPACE_FIXTURE_H
#define _MS_TEST_SPACE_FIXTURE_H

#include "util.h"

FIXTURE(space) {
	int fd;
};

FIXTURE_SETUP(space)
{
	self->fd = open(DEV, O_RDWR);
	ASSERT_LE(0, self->fd);
}

FIXTURE_TEARDOWN(space)
{
	close(self->fd);
}

#endif /* _MS_TEST_SPACE_FIXTURE_H */
