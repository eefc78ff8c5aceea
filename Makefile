# C-1 build.  `make` builds every program into build/bin/; `make test` and
# `make demo` first install missing Debian packages (tools/deps.sh).
#
# Layout (docs/architecture.md): emu/ (the machine), os/ (the batch OS) and
# its subsystems os/*/ (datasets, dropfile, cal, switchp, operator, replay).
# Every source is compiled once per flavour into two libraries, libemu.a and
# libos.a, which the programs, the unit tests, the benchmarks and the fuzz
# targets link:
#   plain        build/             the programs, plain unit tests, benchmarks
#   sanitizers   build/asan/        unit tests under AddressSanitizer + UBSan
#   fuzzing      build/fuzz/        libFuzzer targets (clang)
# `make -j` is safe; `make test` uses every core.

CC       ?= gcc
CFLAGS   ?= -O2 -g
WARN      = -std=c11 -Wall -Wextra -Werror -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE
CFLAGS   += $(WARN)
CPPFLAGS += -I. -I$(BUILD)/gen
# Every x86-64 host since 2008 counts bits in one instruction; the floating
# multiply (emu/cray_float.c) uses it when the compiler may.
ifeq ($(shell uname -m),x86_64)
CFLAGS   += -mpopcnt
endif
# libzstd (dropfile memory fields), libxxhash (dropfile checksums and digest),
# jansson (dropfile JSON): Debian packages, installed by tools/deps.sh.
LDLIBS   += -lzstd -lxxhash -ljansson -lm -pthread

BUILD    ?= build
SAN_FLAGS  = $(WARN) -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
FUZZ_FLAGS = $(WARN) -O1 -g -fsanitize=fuzzer-no-link,address,undefined

EMU_SRC  := $(wildcard emu/*.c)
OS_SRC   := $(wildcard os/*.c os/*/*.c)
GEN_SRC  := $(BUILD)/gen/syslib_source.c $(BUILD)/gen/systxt_source.c
TOOLS    := $(notdir $(basename $(wildcard tools/*.c)))
TEST_SRC := $(wildcard tests/unit/test_*.c)
FUZZ_SRC := $(wildcard tests/fuzz/fuzz_*.c)

.PHONY: all deps test test-long unit e2e arch fuzz fuzz-smoke bench demo clean roms
# Keep every object file (make would delete the ones only a link needs).
.SECONDARY:
all: $(TOOLS:%=$(BUILD)/bin/%) roms

# The system library (roms/syslib.cal): its source is built into the OS,
# which assembles it with every CAL statement of a job; the build also
# assembles it alone, so that an error in it fails the build.
# The system text (roms/systxt.cal, docs/systxt.md) likewise: built in, read
# by every assembly; the build assembles the library with it read from the
# file (c1cal -S), so an error in it fails the build too.
roms: $(BUILD)/roms/syslib.c1x $(BUILD)/roms/syslib-systxt.c1x

$(BUILD)/roms/syslib.c1x: roms/syslib.cal $(BUILD)/bin/c1cal
	@mkdir -p $(dir $@)
	$(BUILD)/bin/c1cal -o $@ -l $(BUILD)/roms/syslib.lst roms/syslib.cal

$(BUILD)/roms/syslib-systxt.c1x: roms/systxt.cal roms/syslib.cal $(BUILD)/bin/c1cal
	@mkdir -p $(dir $@)
	$(BUILD)/bin/c1cal -S roms/systxt.cal -o $@ roms/syslib.cal

# A text file built in as a C string: roms/NAME.* -> build/gen/NAME_source.c
define text_as_c
	@mkdir -p $(dir $@)
	@{ echo '/* Generated from $< by the Makefile: do not edit. */'; \
	  echo 'const char $(notdir $(basename $@))[] ='; \
	  sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/    "/' -e 's/$$/\\n"/' $<; \
	  echo ';'; } > $@.tmp && mv $@.tmp $@
endef
$(BUILD)/gen/syslib_source.c: roms/syslib.cal
	$(text_as_c)
$(BUILD)/gen/systxt_source.c: roms/systxt.cal
	$(text_as_c)
$(BUILD)/gen/charrom_source.c: roms/charrom.txt
	$(text_as_c)

# ---- the three flavours of the two libraries ----------------------------
# $(call flavour,DIR,COMPILER,FLAGS): objects DIR/obj/..., DIR/libemu.a, DIR/libos.a
define flavour
$(1)/obj/%.o: %.c
	@mkdir -p $$(dir $$@)
	$(2) $$(CPPFLAGS) $(3) -MMD -MP -c $$< -o $$@
$(1)/obj/gen/%.o: $(BUILD)/gen/%.c
	@mkdir -p $$(dir $$@)
	$(2) $$(CPPFLAGS) $(3) -c $$< -o $$@
$(1)/libemu.a: $$(EMU_SRC:%.c=$(1)/obj/%.o)
	@rm -f $$@
	ar rcs $$@ $$^
$(1)/libos.a: $$(OS_SRC:%.c=$(1)/obj/%.o) $$(GEN_SRC:$(BUILD)/gen/%.c=$(1)/obj/gen/%.o)
	@rm -f $$@
	ar rcs $$@ $$^
endef
$(eval $(call flavour,$(BUILD),$(CC),$(CFLAGS)))
$(eval $(call flavour,$(BUILD)/asan,$(CC),$(SAN_FLAGS)))
$(eval $(call flavour,$(BUILD)/fuzz,clang,$(FUZZ_FLAGS)))

LIBS      := $(BUILD)/libos.a $(BUILD)/libemu.a
ASAN_LIBS := $(BUILD)/asan/libos.a $(BUILD)/asan/libemu.a
FUZZ_LIBS := $(BUILD)/fuzz/libos.a $(BUILD)/fuzz/libemu.a

# ---- the programs --------------------------------------------------------
$(BUILD)/bin/%: $(BUILD)/obj/tools/%.o $(LIBS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $^ $(LDLIBS) -lreadline -o $@

# c1 alone links the status display (tools/display/: SDL2, libpng) and its
# character ROM (roms/charrom.txt, built in as text like the system library).
DISPLAY_OBJ   := $(patsubst %.c,$(BUILD)/obj/%.o,$(wildcard tools/display/*.c)) \
                 $(BUILD)/obj/gen/charrom_source.o
DISPLAY_FLAGS := $(shell pkg-config --cflags sdl2 libpng 2>/dev/null)
DISPLAY_LIBS  := $(shell pkg-config --libs sdl2 libpng 2>/dev/null)
$(DISPLAY_OBJ): CPPFLAGS += $(DISPLAY_FLAGS)

# ... the front end of a workload replay (tools/replay/), and c1's own
# runners, the bare machine and a site (tools/c1/).
REPLAY_OBJ    := $(patsubst %.c,$(BUILD)/obj/%.o,$(wildcard tools/replay/*.c))
C1_OBJ        := $(patsubst %.c,$(BUILD)/obj/%.o,$(wildcard tools/c1/*.c))

$(BUILD)/bin/c1: $(BUILD)/obj/tools/c1.o $(C1_OBJ) $(DISPLAY_OBJ) $(REPLAY_OBJ) $(LIBS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $^ $(LDLIBS) $(DISPLAY_LIBS) -lreadline -o $@

# ---- tests -------------------------------------------------------------
TEST_BIN      := $(TEST_SRC:tests/unit/%.c=$(BUILD)/test/%)
ASAN_TEST_BIN := $(TEST_SRC:tests/unit/%.c=$(BUILD)/asan/test/%)

$(BUILD)/test/%: $(BUILD)/obj/tests/unit/%.o $(LIBS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $^ -lcmocka $(LDLIBS) -o $@

$(BUILD)/asan/test/%: $(BUILD)/asan/obj/tests/unit/%.o $(ASAN_LIBS)
	@mkdir -p $(dir $@)
	$(CC) $(SAN_FLAGS) $^ -lcmocka $(LDLIBS) -o $@

deps:
	@sh tools/deps.sh

unit: $(TEST_BIN) $(ASAN_TEST_BIN)
	@sh tests/run_unit.sh $(TEST_BIN) $(ASAN_TEST_BIN)

# Every end-to-end script runs, in parallel, whatever the others do.
E2E := run site jobs loader restart handover limits crash crash_file console switchp opcon display replay livermore usage readme monitor tutorial demo cos threads corpus
e2e: all
	@sh tests/e2e/all.sh $(E2E)

# The architecture's arrows (docs/architecture.md), read from the includes
# of every source and from the symbols each object file takes from another.
arch: $(LIBS)
	@sh tests/arch/check.sh $(BUILD)

# ---- fuzzing (clang libFuzzer) ------------------------------------------
FUZZ_BIN := $(FUZZ_SRC:tests/fuzz/%.c=$(BUILD)/fuzz/%)

$(BUILD)/fuzz/fuzz_%: $(BUILD)/fuzz/obj/tests/fuzz/fuzz_%.o $(FUZZ_LIBS)
	clang -fsanitize=fuzzer,address,undefined $^ $(LDLIBS) -o $@

# make fuzz: each target for FUZZ_SECONDS; make fuzz-smoke: each over its corpus only
FUZZ_SECONDS ?= 60
fuzz: $(FUZZ_BIN)
	@sh tests/fuzz/run.sh run $(FUZZ_SECONDS) $(FUZZ_BIN)
fuzz-smoke: $(FUZZ_BIN)
	@sh tests/fuzz/run.sh smoke 0 $(FUZZ_BIN)

# Builds at once (not JOBS: the e2e scripts read JOBS as the folder of decks).
BUILD_JOBS ?= $(shell nproc 2>/dev/null || echo 2)
test: deps
	@$(MAKE) --no-print-directory -j$(BUILD_JOBS) all $(TEST_BIN) $(ASAN_TEST_BIN) $(FUZZ_BIN)
	@$(MAKE) --no-print-directory arch
	@$(MAKE) --no-print-directory unit
	@$(MAKE) --no-print-directory e2e
	@$(MAKE) --no-print-directory fuzz-smoke

# The long checks: a SIGKILL storm on the crash test's workload (hundreds
# of kills at random moments, each round checked as crash.sh checks a
# crash point).  STORM_ROUNDS rounds of up to STORM_KILLS kills.
STORM_ROUNDS ?= 30
STORM_KILLS ?= 40
test-long: all
	@CRASH_MODE=storm CRASH_ROUNDS=$(STORM_ROUNDS) CRASH_KILLS=$(STORM_KILLS) sh tests/e2e/crash.sh

# ---- benchmarks ---------------------------------------------------------
bench: all $(BUILD)/bin/bench_machine $(BUILD)/bin/bench_dropfile
	@sh bench/run.sh
	@$(MAKE) --no-print-directory test-long

$(BUILD)/bin/bench_%: $(BUILD)/obj/bench/bench_%.o $(LIBS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $^ $(LDLIBS) -o $@

demo: deps
	@$(MAKE) --no-print-directory -j$(BUILD_JOBS) all
	@sh tools/demo.sh

clean:
	rm -rf $(BUILD)

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
