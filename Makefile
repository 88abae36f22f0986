# cshim: plain Makefile.  `make` builds build/cshim, `make check` runs the
# tests, `make install PREFIX=...` installs the binary, the man page and
# cshim-rustc (the rustc wrapper of bitcode mode).
#
# libclang comes from the newest llvm-config-NN that has its headers
# installed (override with LLVM_CONFIG=...).  Development builds treat
# warnings as errors; set WERROR= to relax that.

PREFIX ?= /usr/local
DESTDIR ?=
CC ?= cc
LLVM_CONFIG ?= $(firstword $(foreach v,22 21 20 19 18 17 16 15 14,\
	$(if $(wildcard /usr/lib/llvm-$(v)/include/clang-c/Index.h),llvm-config-$(v))))
LLVM_INC := $(shell $(LLVM_CONFIG) --includedir)
LLVM_LIB := $(shell $(LLVM_CONFIG) --libdir)

WERROR ?= -Werror
CFLAGS ?= -O2 -g
CSHIM_CFLAGS = -std=c11 -Wall -Wextra $(WERROR) -I$(LLVM_INC) -Isrc $(CFLAGS)
LDLIBS = -L$(LLVM_LIB) -Wl,-rpath,$(LLVM_LIB) -lclang -lelf -lcapstone -liberty -lyaml

SRCS = $(wildcard src/*.c)
OBJS = $(SRCS:src/%.c=build/obj/%.o)

all: build/cshim

build/cshim: $(OBJS)
	$(CC) $(CSHIM_CFLAGS) $(LDFLAGS) -o $@ $(OBJS) $(LDLIBS)

build/obj/%.o: src/%.c $(wildcard src/*.h) | build/obj
	$(CC) $(CSHIM_CFLAGS) -c -o $@ $<

build/obj:
	mkdir -p $@

check: build/cshim
	tests/run

example: build/cshim
	$(MAKE) -C examples/kobj run

# The Linux module example: Kbuild of linux-headers-*-amd64 (KDIR=...) builds
# examples/kmod with the helpers of specs/linux.
kmod: build/cshim
	$(MAKE) -C examples/kmod

# Benchmarks: call cost against C and generation speed against the parse
# floor; writes bench/results.md and bench/*.png (see bench/Makefile).
bench: build/cshim
	$(MAKE) -C bench CSHIM=$(abspath build/cshim) B=$(abspath build/bench)

# Quick start on a fresh Debian 12 machine: install, build, run the example.
demo:
	scripts/setup-debian.sh
	$(MAKE) example

install: build/cshim
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 build/cshim $(DESTDIR)$(PREFIX)/bin/cshim
	install -m 755 scripts/cshim-rustc $(DESTDIR)$(PREFIX)/bin/cshim-rustc
	install -m 644 doc/cshim.1 $(DESTDIR)$(PREFIX)/share/man/man1/cshim.1

clean:
	rm -rf build
	-$(MAKE) -C examples/kobj clean
	-$(MAKE) -C examples/kmod clean

.PHONY: all check example kmod demo install clean bench
