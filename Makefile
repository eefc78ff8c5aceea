# C-1 build.  `make` builds every program into build/bin/; `make test` and
# `make demo` first install missing Debian packages (tools/deps.sh).
#
# Layout: emu/ (the machine) -> build/libemu.a; os/ (the batch OS and its
# utilities: the CAL assembler, the loader) -> build/libos.a; tools/ (the
# programs) link both.  Unit tests are built twice: plainly and under
# AddressSanitizer + UBSan (build/asan/).

CC       ?= gcc
CFLAGS   ?= -O2 -g
CFLAGS   += -std=c11 -Wall -Wextra -Werror -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE
CPPFLAGS += -Iemu -Ios -Ibuild/gen
# Every x86-64 host since 2008 counts bits in one instruction; the floating
# multiply (emu/cray_float.c) uses it when the compiler may.
ifeq ($(shell uname -m),x86_64)
CFLAGS   += -mpopcnt
endif
# libzstd (dropfile memory fields), libxxhash (dropfile checksums and digest),
# jansson (dropfile JSON): Debian packages, installed by tools/deps.sh.
LDLIBS   += -lzstd -lxxhash -ljansson -lm

BUILD    ?= build
SAN_FLAGS = -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

EMU_SRC  := $(wildcard emu/*.c)
OS_SRC   := $(wildcard os/*.c os/cal/*.c)
TOOLS    := $(notdir $(basename $(wildcard tools/*.c)))
TEST_SRC := $(wildcard tests/unit/test_*.c)
FUZZ_SRC := $(wildcard tests/fuzz/fuzz_*.c)

EMU_OBJ  := $(EMU_SRC:%.c=$(BUILD)/obj/%.o)
OS_OBJ   := $(OS_SRC:%.c=$(BUILD)/obj/%.o) $(BUILD)/obj/gen/syslib_source.o

.PHONY: all deps test unit e2e fuzz fuzz-smoke bench demo clean roms
all: $(TOOLS:%=$(BUILD)/bin/%) roms

# The system library (roms/syslib.cal): its source is built into the OS,
# which assembles it with every CAL statement of a job; the build also
# assembles it alone, so that an error in it fails the build.
roms: $(BUILD)/roms/syslib.c1x

$(BUILD)/roms/syslib.c1x: roms/syslib.cal $(BUILD)/bin/c1cal
	@mkdir -p $(dir $@)
	$(BUILD)/bin/c1cal -o $@ -l $(BUILD)/roms/syslib.lst roms/syslib.cal

$(BUILD)/gen/syslib_source.c: roms/syslib.cal
	@mkdir -p $(dir $@)
	@{ echo '/* Generated from roms/syslib.cal by the Makefile: do not edit. */'; \
	  echo 'const char syslib_source[] ='; \
	  sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/    "/' -e 's/$$/\\n"/' $<; \
	  echo ';'; } > $@

$(BUILD)/obj/gen/%.o: $(BUILD)/gen/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c $< -o $@

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/libemu.a: $(EMU_OBJ)
	@mkdir -p $(dir $@)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/libos.a: $(OS_OBJ)
	@mkdir -p $(dir $@)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/bin/%: $(BUILD)/obj/tools/%.o $(BUILD)/libos.a $(BUILD)/libemu.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $^ $(LDLIBS) -lreadline -o $@

# c1 alone links the status display (tools/display/: SDL2, libpng) and its
# character ROM (roms/charrom.txt, built in as text like the system library).
DISPLAY_OBJ   := $(patsubst %.c,$(BUILD)/obj/%.o,$(wildcard tools/display/*.c)) \
                 $(BUILD)/obj/gen/charrom_source.o
DISPLAY_FLAGS := $(shell pkg-config --cflags sdl2 libpng 2>/dev/null)
DISPLAY_LIBS  := $(shell pkg-config --libs sdl2 libpng 2>/dev/null)
$(DISPLAY_OBJ): CPPFLAGS += $(DISPLAY_FLAGS)

# ... and the front end of a workload replay (tools/replay/).
REPLAY_OBJ    := $(patsubst %.c,$(BUILD)/obj/%.o,$(wildcard tools/replay/*.c))

$(BUILD)/bin/c1: $(BUILD)/obj/tools/c1.o $(DISPLAY_OBJ) $(REPLAY_OBJ) $(BUILD)/libos.a $(BUILD)/libemu.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $^ $(LDLIBS) $(DISPLAY_LIBS) -lreadline -o $@

$(BUILD)/gen/charrom_source.c: roms/charrom.txt
	@mkdir -p $(dir $@)
	@{ echo '/* Generated from roms/charrom.txt by the Makefile: do not edit. */'; \
	  echo 'const char charrom_source[] ='; \
	  sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/    "/' -e 's/$$/\\n"/' $<; \
	  echo ';'; } > $@

# ---- tests -------------------------------------------------------------
TEST_BIN      := $(TEST_SRC:tests/unit/%.c=$(BUILD)/test/%)
ASAN_TEST_BIN := $(TEST_SRC:tests/unit/%.c=$(BUILD)/asan/test/%)
ASAN_EMU_OBJ  := $(EMU_SRC:%.c=$(BUILD)/asan/obj/%.o)
ASAN_OS_OBJ   := $(OS_SRC:%.c=$(BUILD)/asan/obj/%.o) $(BUILD)/asan/obj/gen/syslib_source.o

$(BUILD)/test/%: tests/unit/%.c $(wildcard tests/unit/*.h) $(BUILD)/libos.a $(BUILD)/libemu.a
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) -Itests/unit $(CFLAGS) $< $(BUILD)/libos.a $(BUILD)/libemu.a -lcmocka $(LDLIBS) -o $@

$(BUILD)/asan/obj/gen/%.o: $(BUILD)/gen/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) -std=c11 $(SAN_FLAGS) -c $< -o $@

$(BUILD)/asan/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) -std=c11 -Wall -Wextra -Werror -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE $(SAN_FLAGS) -MMD -MP -c $< -o $@

$(BUILD)/asan/test/%: tests/unit/%.c $(wildcard tests/unit/*.h) $(ASAN_OS_OBJ) $(ASAN_EMU_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) -Itests/unit -std=c11 -Wall -Wextra -Werror -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE $(SAN_FLAGS) $< $(ASAN_OS_OBJ) $(ASAN_EMU_OBJ) -lcmocka $(LDLIBS) -o $@

deps:
	@sh tools/deps.sh

unit: $(TEST_BIN) $(ASAN_TEST_BIN)
	@sh tests/run_unit.sh $(TEST_BIN) $(ASAN_TEST_BIN)

e2e: all
	@sh tests/e2e/run.sh && sh tests/e2e/site.sh && sh tests/e2e/jobs.sh && sh tests/e2e/restart.sh && sh tests/e2e/console.sh && sh tests/e2e/switchp.sh && sh tests/e2e/opcon.sh && sh tests/e2e/display.sh && sh tests/e2e/replay.sh && sh tests/e2e/livermore.sh

# ---- fuzzing (clang libFuzzer) ------------------------------------------
FUZZ_BIN := $(FUZZ_SRC:tests/fuzz/%.c=$(BUILD)/fuzz/%)
FUZZ_CFLAGS = -std=c11 -g -O1 -fsanitize=fuzzer,address,undefined -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE

$(BUILD)/fuzz/%: tests/fuzz/%.c $(EMU_SRC) $(OS_SRC) $(BUILD)/gen/syslib_source.c
	@mkdir -p $(dir $@)
	clang $(CPPFLAGS) $(FUZZ_CFLAGS) $< $(EMU_SRC) $(OS_SRC) $(BUILD)/gen/syslib_source.c $(LDLIBS) -o $@

# make fuzz: each target for FUZZ_SECONDS; make fuzz-smoke: each over its corpus only
FUZZ_SECONDS ?= 60
fuzz: $(FUZZ_BIN)
	@sh tests/fuzz/run.sh run $(FUZZ_SECONDS) $(FUZZ_BIN)
fuzz-smoke: $(FUZZ_BIN)
	@sh tests/fuzz/run.sh smoke 0 $(FUZZ_BIN)

test: deps
	@$(MAKE) --no-print-directory all
	@$(MAKE) --no-print-directory unit
	@$(MAKE) --no-print-directory e2e
	@$(MAKE) --no-print-directory fuzz-smoke

# ---- benchmarks ---------------------------------------------------------
bench: all $(BUILD)/bin/bench_machine $(BUILD)/bin/bench_dropfile
	@sh bench/run.sh

$(BUILD)/bin/bench_%: $(BUILD)/obj/bench/bench_%.o $(BUILD)/libos.a $(BUILD)/libemu.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $^ $(LDLIBS) -o $@

demo: deps
	@$(MAKE) --no-print-directory all
	@sh tools/demo.sh

clean:
	rm -rf $(BUILD)

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
