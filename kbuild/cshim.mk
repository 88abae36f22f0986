# kbuild/cshim.mk: cshim inside Kbuild, for out-of-tree kernel modules.
#
# Included by a module's Kbuild file, it adds one generated object to the
# module: $(CSHIM_NAME).c, the helpers `cshim gen` writes for the headers and
# spec files the module names, compiled by Kbuild like any other source of
# the module (the kernel's gcc, its flags and warnings, objtool, modpost).
# cshim parses with the flags Kbuild compiles that very file with: the rule
# runs inside Kbuild, where $(c_flags) is the complete command line of the
# object (include paths, -include of kconfig.h and compiler_types.h, so the
# .config's CONFIG_* apply, -D__KERNEL__ -DMODULE, -std, target flags).  Only
# what changes how the headers parse is handed to libclang; gcc's
# code-generation and warning options are dropped (list below).
#
#   # Kbuild of the module
#   obj-m         := mymod.o
#   mymod-y       := main.o cshim_helpers.o
#   CSHIM_HEADERS := $(src)/mymod_api.h      # #includes the kernel headers used
#   CSHIM_SPECS   := $(wildcard $(CSHIM_SRC)/specs/linux/*.spec)
#   include $(CSHIM_SRC)/kbuild/cshim.mk
#
# Outputs, in the module's directory: $(CSHIM_NAME).c (the helpers),
# .h (prototypes, for C callers), .rs (Rust declarations: #![no_std],
# core::ffi types).  Helpers are named rust_helper_<api>, exported constants
# RUST_CONST_HELPER_<NAME>, as in the kernel's rust/helpers and
# rust/bindings.  __rust_helper is defined empty for the gcc build (Linux
# 6.1 has no definition of its own; it is an annotation there), so each
# helper is a plain external function of the module.  The rule reruns when
# the command line, a spec file, the cshim binary (when CSHIM is a path) or
# any header read changes (fixdep).
#
# Variables: CSHIM (the binary, default cshim), CSHIM_HEADERS (required),
# CSHIM_SPECS, CSHIM_GENFLAGS (more gen options, e.g. --allowlist-var),
# CSHIM_NAME (default cshim_helpers), CSHIM_SYMBOLS (default the kernel's
# Module.symvers; add KBUILD_EXTRA_SYMBOLS files if helpers call other modules).

CSHIM ?= cshim
CSHIM_NAME ?= cshim_helpers
# What a module may link against: the kernel's exports.  An inline function
# that uses anything else (not exported, or its Kconfig option is off) is
# skipped with the reason instead of failing modpost with "undefined!".
CSHIM_SYMBOLS ?= $(wildcard $(objtree)/Module.symvers)

ifeq ($(strip $(CSHIM_HEADERS)),)
$(error cshim.mk: set CSHIM_HEADERS to the header(s) to generate helpers for)
endif

# The clang view of $(c_flags).  Kept: preprocessor flags (-D -U -I
# -include -isystem -iquote -idirafter -nostdinc), the language (-std=),
# and options that predefine macros or change types: -m64, -mno-sse...,
# -mcmodel=, -O (__OPTIMIZE__), -fno-PIE, -fshort-wchar, -f(un)signed-char,
# -fcf-protection (__CET__), -fstack-protector* (__SSP_*__).  Dropped: every
# -W (gcc's -Werror=... would make clang fail on warnings the kernel does not
# build with), -Wp,-MMD (Kbuild's depfile; cshim writes its own), -g, -pg,
# and gcc-only code generation (-mindirect-branch=, -mfunction-return=,
# -mharden-sls=, -mrecord-mcount, -mskip-rax-setup, -mpreferred-stack-boundary=,
# -fconserve-stack, -fno-allow-store-data-races, -falign-*, ...), which do not
# change what a header means.  "-include F" and "-I D" become one word so
# that the filter keeps each pair.
cshim-keep-flags := -D% -U% -I% -include% -isystem% -iquote% -idirafter% -nostdinc \
	-std=% -m64 -m32 -mno-sse% -mno-mmx -mno-3dnow -mno-avx% -mno-80387 -mno-red-zone \
	-mcmodel=% -O% -fno-PIE -fno-pie -fno-PIC -fno-pic -fshort-wchar -funsigned-char \
	-fsigned-char -fcf-protection% -fstack-protector% -fno-strict-aliasing -fno-common
cshim-join = $(subst -include ,-include,$(subst -isystem ,-isystem,$(subst -I ,-I,$(1))))
cshim-clang-flags = $(filter $(cshim-keep-flags),$(call cshim-join,$(c_flags)))

quiet_cmd_cshim = CSHIM   $@
      cmd_cshim = $(CSHIM) gen $(CSHIM_HEADERS) $(addprefix --spec ,$(CSHIM_SPECS)) \
		--prefix rust_helper_ --const-prefix RUST_CONST_HELPER_ \
		$(addprefix --symbols ,$(CSHIM_SYMBOLS)) $(CSHIM_GENFLAGS) \
		-o $@ --header $(@:.c=.h) --rust $(@:.c=.rs) --depfile $(depfile) \
		-- $(cshim-clang-flags) && sed -i '1s|^[^:]*:|$@:|' $(depfile)

# fixdep (if_changed_dep) reads the depfile gcc-style, one target: the .h and
# .rs cshim lists beside the .c would become bogus dependencies, so the sed
# above leaves the .c alone (the rule below makes the others follow it).

$(obj)/$(CSHIM_NAME).c: $(CSHIM_SPECS) $(wildcard $(CSHIM)) FORCE
	$(call if_changed_dep,cshim)
$(obj)/$(CSHIM_NAME).h $(obj)/$(CSHIM_NAME).rs: $(obj)/$(CSHIM_NAME).c ;
targets += $(CSHIM_NAME).c
CFLAGS_$(CSHIM_NAME).o += -D__rust_helper=
clean-files += $(CSHIM_NAME).c $(CSHIM_NAME).h $(CSHIM_NAME).rs
