# fuzz.mk - libFuzzer targets (clang from Debian), included by the
# Makefile:
#   make fuzz FUZZ_TIME=60
# or standalone:
#   make -f tests/fuzz/fuzz.mk fuzz FUZZ_TIME=60
#
#   fuzz         builds every target, then runs each for FUZZ_TIME seconds,
#                one after the other, on a copy of its seed corpus
#   fuzz-build   only builds them (build-fuzz/fuzz_NAME)
#
# Targets: manifest (book.yaml reader), bib (BibTeX reader), image (the
# whole-image check, then cairo on the PNGs it accepts), theme (a theme
# file through theme_load and the page checks), tree
# (Markdown reader and passes, fast), markdown (the same, then both
# renderers to memory: slow, as each render loads the fonts and draws the
# cover).  tree and markdown share
# the seeds in corpus/markdown.  Leaks inside fontconfig, pango and cairo
# are suppressed as in `make check SANITIZE=1` (tests/lsan.supp).
#
# The library is compiled again with clang, ASan, UBSan and coverage;
# fuzz_tree is fuzz_markdown built with -DFUZZ_NO_RENDER.
FUZZ_BUILD ?= build-fuzz
FUZZ_TIME  ?= 60
FUZZ_CC    ?= clang
FUZZ_CXX   ?= clang++
# the libraries, from the one list the Makefile links with too
ifeq ($(OCTAVO_PKGS),)
include $(dir $(lastword $(MAKEFILE_LIST)))../../libs.mk
endif
FUZZ_SAN   := -fsanitize=address,undefined -fno-sanitize-recover=undefined
FUZZ_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
              -DOCTAVO_DATADIR='"$(CURDIR)"' -DOCTAVO_VERSION='"fuzz"' \
              -DOCTAVO_DEBUG -Iinclude -g -O1 -fno-omit-frame-pointer \
              $(FUZZ_SAN) $(OCTAVO_CFLAGS)
FUZZ_LIBS  = $(OCTAVO_LIBS)
FUZZ_SRC   := $(filter-out src/main.c,$(sort $(wildcard src/*.c src/*/*.c src/*/*/*.c)))
FUZZ_CXXSRC := $(sort $(wildcard src/*/*.cc))
FUZZ_OBJ   := $(FUZZ_SRC:%.c=$(FUZZ_BUILD)/%.o) \
              $(FUZZ_CXXSRC:%.cc=$(FUZZ_BUILD)/%.o) $(FUZZ_BUILD)/gen/isocodes.o
FUZZ_TARGETS := manifest tree markdown include mdbook bib image theme

.PHONY: fuzz fuzz-build
.SECONDARY: $(FUZZ_OBJ)
fuzz-build: $(FUZZ_TARGETS:%=$(FUZZ_BUILD)/fuzz_%)

$(FUZZ_BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "CC $< (fuzz)"
	@$(FUZZ_CC) $(FUZZ_CFLAGS) -MMD -MP -fsanitize=fuzzer-no-link -c $< -o $@
# the one C++ file (src/read/toml.cc: toml++ behind a C interface);
# without UBSan's vptr check, whose runtime clang links only into C++
# programs (the fuzzers are linked as C)
$(FUZZ_BUILD)/%.o: %.cc
	@mkdir -p $(dir $@)
	@echo "CXX $< (fuzz)"
	@$(FUZZ_CXX) -std=c++17 -Iinclude -DOCTAVO_DEBUG -g -O1 -fno-omit-frame-pointer \
		$(FUZZ_SAN) -fno-sanitize=vptr $(OCTAVO_CFLAGS) -MMD -MP \
		-fsanitize=fuzzer-no-link -c $< -o $@
-include $(FUZZ_OBJ:.o=.d)

# the table of ISO codes (libs.mk makes the source)
$(FUZZ_BUILD)/gen/isocodes.o: $(FUZZ_BUILD)/gen/isocodes.c src/read/langtag.h
	@echo "CC $< (fuzz)"
	@$(FUZZ_CC) $(FUZZ_CFLAGS) -Isrc/read -fsanitize=fuzzer-no-link -c $< -o $@

$(FUZZ_BUILD)/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_OBJ)
	@echo "LD $@"
	@$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer $^ $(FUZZ_LIBS) -o $@

$(FUZZ_BUILD)/fuzz_tree: tests/fuzz/fuzz_markdown.c $(FUZZ_OBJ)
	@echo "LD $@"
	@$(FUZZ_CC) $(FUZZ_CFLAGS) -DFUZZ_NO_RENDER -fsanitize=fuzzer $^ $(FUZZ_LIBS) -o $@

# Each target runs on a scratch copy of its seeds (new inputs land there,
# not in git); a finding stops make with the crash file in $(FUZZ_BUILD).
fuzz: fuzz-build
	@for t in $(FUZZ_TARGETS); do \
		c=$$t; [ $$t = tree ] && c=markdown; \
		rm -rf $(FUZZ_BUILD)/corpus-$$t; \
		cp -r tests/fuzz/corpus/$$c $(FUZZ_BUILD)/corpus-$$t || exit 1; \
		dict=; [ -f tests/fuzz/$$c.dict ] && dict=-dict=tests/fuzz/$$c.dict; \
		echo "fuzz_$$t: $(FUZZ_TIME) s"; \
		LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0 \
		$(FUZZ_BUILD)/fuzz_$$t $$dict -max_total_time=$(FUZZ_TIME) \
			-timeout=10 -rss_limit_mb=4096 -max_len=65536 \
			-artifact_prefix=$(FUZZ_BUILD)/$$t- -print_final_stats=1 \
			$(FUZZ_BUILD)/corpus-$$t 2>$(FUZZ_BUILD)/fuzz_$$t.log; \
		status=$$?; grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb|#[0-9]+ *DONE)' $(FUZZ_BUILD)/fuzz_$$t.log; \
		[ $$status -eq 0 ] || { tail -40 $(FUZZ_BUILD)/fuzz_$$t.log; exit 1; }; \
	done
