# cshim: plain Makefile.  `make` builds build/cshim, `make check` runs the
# tests, `make install PREFIX=...` installs the binary, the man page and
# cshim-rustc (the rustc wrapper of bitcode mode).
#
# libclang comes from the newest llvm-config-NN that has its headers
# installed (override with LLVM_CONFIG=...).  Development builds treat
# warnings as errors; set WERROR= to relax that.
#
# SAN=1 builds build/san/cshim instead, with clang's AddressSanitizer (leak
# detection included) and UndefinedBehaviorSanitizer, every report fatal;
# `make check SAN=1` runs the whole suite against it.  SAN_CC picks the
# compiler: clang-22 by default, the LLVM of libclang-22 and rustc, whose
# runtime is in libclang-rt-22-dev.

PREFIX ?= /usr/local
DESTDIR ?=
CC ?= cc
LLVM_CONFIG ?= $(firstword $(foreach v,22 21 20 19 18 17 16 15 14,\
	$(if $(wildcard /usr/lib/llvm-$(v)/include/clang-c/Index.h),llvm-config-$(v))))
LLVM_INC := $(shell $(LLVM_CONFIG) --includedir)
LLVM_LIB := $(shell $(LLVM_CONFIG) --libdir)
JSONC_CFLAGS := $(shell pkg-config --cflags json-c 2>/dev/null || echo -I/usr/include/json-c)

WERROR ?= -Werror
CFLAGS ?= -O2 -g
CSHIM_CFLAGS = -std=c11 -Wall -Wextra $(WERROR) -I$(LLVM_INC) $(JSONC_CFLAGS) -Isrc $(CFLAGS)
LDLIBS = -L$(LLVM_LIB) -Wl,-rpath,$(LLVM_LIB) -lclang -lelf -lcapstone -liberty -lyaml -ljson-c

BUILD = build
ifeq ($(SAN),1)
SAN_CC ?= clang-22
SANITIZE = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
BUILD = build/san
CC = $(SAN_CC)
CFLAGS = -O1 -g
CSHIM_CFLAGS += $(SANITIZE)
endif

SRCS = $(wildcard src/*.c)
OBJS = $(SRCS:src/%.c=$(BUILD)/obj/%.o)

all: $(BUILD)/cshim

$(BUILD)/cshim: $(OBJS)
	$(CC) $(CSHIM_CFLAGS) $(LDFLAGS) -o $@ $(OBJS) $(LDLIBS)

$(BUILD)/obj/%.o: src/%.c $(wildcard src/*.h) | $(BUILD)/obj
	$(CC) $(CSHIM_CFLAGS) -c -o $@ $<

$(BUILD)/obj:
	mkdir -p $@

# CSHIM_SAN makes tests/lib.sh turn any sanitizer report into a failed test.
check: $(BUILD)/cshim
	CSHIM=$(abspath $(BUILD)/cshim) $(if $(filter 1,$(SAN)),CSHIM_SAN=1) tests/run

example: $(BUILD)/cshim
	$(MAKE) -C examples/kobj CSHIM=$(abspath $(BUILD)/cshim) run

# Real I/O through io_uring from Rust, liburing's inline API through the
# helpers, LTO-built and checked (examples/uring; needs liburing-dev).
uring-example: build/cshim
	$(MAKE) -C examples/uring run

# The Linux module example: Kbuild of linux-headers-*-amd64 (KDIR=...) builds
# examples/kmod with the helpers of specs/linux.
kmod: build/cshim
	$(MAKE) -C examples/kmod

# Benchmarks: call cost against C and generation speed against the parse
# floor; writes bench/results.md and bench/*.png (see bench/Makefile).
bench: build/cshim
	$(MAKE) -C bench CSHIM=$(abspath build/cshim) B=$(abspath build/bench)

# cshim over real codebases (liburing, DPDK, libbpf, glibc, a kernel header
# set): coverage, compile checks, time and peak RSS into docs/coverage.md.
# Not part of `make check` (minutes); tests/t/t1700-corpus.sh is its quick subset.
corpus: build/cshim
	scripts/corpus.sh docs/coverage.md

# Quick start on a fresh Debian 12 machine: install, build, run the example.
demo:
	scripts/setup-debian.sh
	$(MAKE) example

# Fuzzing: `make fuzz` builds the libFuzzer harnesses of fuzz/ (cshim's
# objects but main.o, with ASan and UBSan, by FUZZ_CC: clang with
# libclang-rt-NN-dev) into build/fuzz/ and runs each for FUZZ_TIME seconds on
# its seeds (fuzz/corpus/NAME) and what earlier runs found
# (build/fuzz/corpus/NAME).  A crash, leak or UB report fails the target and
# leaves the input in build/fuzz/NAME-crash-*; build/fuzz/NAME FILE replays it.
FUZZ_CC ?= clang-22
FUZZ_TIME ?= 60
FUZZ_NAMES ?= spec format remarks check gen
FUZZ_SAN = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_CFLAGS = -std=c11 -Wall -Wextra $(WERROR) -I$(LLVM_INC) $(JSONC_CFLAGS) -Isrc -O1 -g $(FUZZ_SAN)
FUZZ_OBJS = $(filter-out build/fuzz/obj/main.o,$(SRCS:src/%.c=build/fuzz/obj/%.o)) build/fuzz/obj/fuzz-common.o

fuzz: $(FUZZ_NAMES:%=build/fuzz/%)
	FUZZ_TIME=$(FUZZ_TIME) fuzz/run $(FUZZ_NAMES)

build/fuzz/%: fuzz/%.c fuzz/fuzz.h $(FUZZ_OBJS)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer $(LDFLAGS) -o $@ $< $(FUZZ_OBJS) $(LDLIBS)

build/fuzz/obj/fuzz-common.o: fuzz/common.c fuzz/fuzz.h | build/fuzz/obj
	$(FUZZ_CC) $(FUZZ_CFLAGS) -c -o $@ $<

build/fuzz/obj/%.o: src/%.c $(wildcard src/*.h) | build/fuzz/obj
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<

build/fuzz/obj:
	mkdir -p $@

.SECONDARY: $(FUZZ_OBJS) # objects made through the pattern rule are kept

install: $(BUILD)/cshim
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 $(BUILD)/cshim $(DESTDIR)$(PREFIX)/bin/cshim
	install -m 755 scripts/cshim-rustc $(DESTDIR)$(PREFIX)/bin/cshim-rustc
	install -m 644 doc/cshim.1 $(DESTDIR)$(PREFIX)/share/man/man1/cshim.1

clean:
	rm -rf build
	-$(MAKE) -C examples/kobj clean
	-$(MAKE) -C examples/uring clean
	-$(MAKE) -C examples/kmod clean

.PHONY: all check example uring-example kmod demo install clean bench fuzz corpus
