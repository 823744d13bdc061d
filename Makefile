# SPDX-License-Identifier: GPL-2.0
#
# memory_set: out-of-tree build and the project's entry points.
#
#   make              build memory_set.ko against KDIR
#   make deps         install what the targets need (Debian packages, the
#                     kernels of the guest matrix); make demo and make
#                     check do it themselves, no other target installs
#   make demo         boot Debian's kernel in QEMU and show the module at work
#   make check        every test suite (doc/testing.md lists them): KUnit (normal
#                     and debug UML builds), the ioctl tests in QEMU guests,
#                     userspace builds, fuzzing, DKMS, deps and lint
#   make kunit        KUnit, normal UML build only (SUITE='glob' to filter)
#   make grade LAB=x  grade a lab (labs/README.md): its tests, each test's
#                     points, and "x: score A/B"
#   make guest-test   the guest suite (tools/ms_test/, ms_diff, ms_stress)
#                     on one kernel (KVER=...)
#   make bench        benchmark against Linux's mm in a QEMU guest
#   make fuzz         fuzz the userspace builds: core, whole stack, data
#                     and clones (FUZZ_SECONDS=60 each, side by side)
#   make mmu-check    the real MMU as judge: spaces exported (MS_IOC_EXPORT)
#                     and walked by QEMU's x86-64, RISC-V and AArch64 MMUs
#                     in bare-metal probes (tools/mmu/)
#   make lint         checkpatch --strict, clang-format, kernel-doc, layers,
#                     W=1 + sparse builds
#   make install      install memory_set.ko into /lib/modules/<KDIR's kernel>,
#                     msctl into $(PREFIX)/bin and its man page (man/msctl.1)
#   make msctl        build tools/msctl alone
#   make deb          the Debian packages memory-set-dkms and msctl, in
#                     build/deb/ (README: "Install from packages")
#   make dkms-install add to DKMS and install for the running kernel
#                     (dkms-add only adds; DKMS builds for new kernels)
#   make dkms-remove  remove it from DKMS
#   make clean        remove build products (the .cache/ folder stays)
#
# The Kbuild file describes the objects; this file only drives kbuild.

# The running kernel's, else the newest Debian amd64 headers (not -rt),
# newest as versions sort (6.12 after 6.9).
KDIR ?= $(firstword $(wildcard /lib/modules/$(shell uname -r)/build) \
	$(shell ls -d /usr/src/linux-headers-*-amd64 2>/dev/null | \
		grep -v -- '-rt-amd64$$' | sort -V | tail -n 1))

all: modules

modules:
	@test -n "$(KDIR)" || { echo "no kernel headers: run 'make deps'"; exit 1; }
	$(MAKE) -C $(KDIR) M=$(CURDIR) CONFIG_MEMORY_SET=m modules

deps:
	scripts/deps.sh

check:
	scripts/check.sh

demo:
	scripts/demo.sh

guest-test:
	scripts/guest-tests.sh

bench:
	scripts/bench.sh

fuzz:
	scripts/fuzz.sh $(or $(FUZZ_SECONDS),60)

lint:
	scripts/lint.sh

mmu-check:
	scripts/mmu-check.sh

# memory-set-dkms and msctl .deb files in build/deb/ (lintian-checked).
deb:
	scripts/deb.sh

kunit:
	scripts/kunit.sh core '$(SUITE)'

grade:
	scripts/grade.sh '$(LAB)'

VERSION := $(shell sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' dkms.conf)
DKMS_SRC := /usr/src/memory_set-$(VERSION)
DKMS_FILES := Kbuild Kconfig Makefile dkms.conf include module

PREFIX ?= /usr/local
MSCTL_SRC := tools/msctl.c tools/msctl_dot.c tools/msctl_data.c tools/msctl.h tools/ms_formats.h

msctl: tools/msctl

tools/msctl: $(MSCTL_SRC)
	$(MAKE) -C tools msctl

install: modules install-tools
	$(MAKE) -C $(KDIR) M=$(CURDIR) CONFIG_MEMORY_SET=m modules_install
	depmod -a $(shell cat $(KDIR)/include/config/kernel.release)

# msctl and its man page (DESTDIR for a staging root).
install-tools: tools/msctl
	install -D -m 0755 tools/msctl $(DESTDIR)$(PREFIX)/bin/msctl
	install -D -m 0644 man/msctl.1 $(DESTDIR)$(PREFIX)/share/man/man1/msctl.1

dkms-add:
	rm -rf $(DKMS_SRC) && mkdir -p $(DKMS_SRC)
	cp -r $(DKMS_FILES) $(DKMS_SRC)/
	dkms add memory_set/$(VERSION)

dkms-install: dkms-add
	dkms install memory_set/$(VERSION)

dkms-remove:
	dkms remove memory_set/$(VERSION) --all
	rm -rf $(DKMS_SRC)

# Not kbuild's clean: it deletes every object below M=, and .cache/ (the
# UML build directories) is below it.
clean:
	rm -f *.ko *.mod *.mod.c *.o .*.cmd Module.symvers modules.order
	rm -f module/*.o module/.*.cmd module/*.mod kunit/*.o kunit/.*.cmd
	rm -f tools/msctl

.PHONY: all modules deps check demo guest-test bench fuzz lint mmu-check deb kunit grade install \
	install-tools msctl \
	dkms-add dkms-install dkms-remove clean
