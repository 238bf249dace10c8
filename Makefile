# octavo - Markdown chapters in, EPUB 3 and print PDF out.
#
#   make book [OUT=DIR]   install missing packages, build, write the guide,
#                         its large-print edition and the safe-use handouts
#   make check            every test; ends with "N passed, N failed,
#                         N skipped"
#   make check SANITIZE=1 the same under ASan/UBSan (build-san/; ./octavo
#                         stays the normal build's)
#   make format           clang-format the sources
#   make install [PREFIX=/usr/local] [DESTDIR=]
#                         octavo, its man pages, styles, fonts and book
#                         template; the installed octavo reads them from
#                         $(PREFIX)/share/octavo

PREFIX  ?= /usr/local
OUT     ?= out
BUILD   ?= build
SANITIZE ?=
VERSION := 0.1.0

DATADIR ?= $(PREFIX)/share/octavo

include libs.mk
PKGS := $(OCTAVO_PKGS)

CC      ?= cc
CXX     ?= c++
CFLAGS  ?= -O2 -g
WARN    := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
           -Wmissing-prototypes -Wno-unused-parameter
CXXWARN := -Wall -Wextra -Werror -Wshadow -Wno-unused-parameter
CPPFLAGS += -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
            -DOCTAVO_VERSION='"$(VERSION)"' -Iinclude
ifneq ($(SANITIZE),)
BUILD   := build-san
CFLAGS  := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer \
           -fno-sanitize-recover=undefined -DOCTAVO_DEBUG
LDFLAGS += -fsanitize=address,undefined
endif

PKG_CFLAGS = $(OCTAVO_CFLAGS)
LDLIBS  += $(OCTAVO_LIBS)
# octavo's allocator: jemalloc (Debian's libjemalloc2) in place of glibc's
# malloc, for octavo and every library it loads.  pango, HarfBuzz, cairo
# and qpdf make millions of small allocations a book; with glibc's
# malloc they were a fifth of a large PDF's profile (bench/RESULTS.md).
# Not under the sanitizers, which bring their own; valgrind is told of it
# (tests/suite/45-valgrind.sh).  Linked first, so its malloc is the one.
ifeq ($(SANITIZE),)
ALLOC_LIBS := -ljemalloc
endif

SRC     := $(sort $(wildcard src/*.c src/*/*.c src/*/*/*.c))
LIBSRC  := $(filter-out src/main.c,$(SRC))
# The one C++ file: src/read/toml.cc puts a C interface (include/toml.h)
# over toml++, Debian's TOML library (there is no C one), for mdBook's
# book.toml.  It is linked with libstdc++, which qpdf loads already.
CXXSRC  := $(sort $(wildcard src/*/*.cc))
LIBOBJ  := $(LIBSRC:%.c=$(BUILD)/%.o) $(CXXSRC:%.cc=$(BUILD)/%.o) \
           $(BUILD)/gen/isocodes.o
BIN     := $(BUILD)/octavo

# The fonts the PDF may use: copied from Debian's packages into fonts/ and
# registered from there, never from the system (src/out/fonts.c).  The
# theme's faces first; then, for the letters they lack, one face per
# script (src/out/fonts.c's fallback chain names their families).
NOTO := /usr/share/fonts/truetype/noto
FONT_FILES := /usr/share/fonts/truetype/charis/CharisSIL-Regular.ttf \
  /usr/share/fonts/truetype/charis/CharisSIL-Italic.ttf \
  /usr/share/fonts/truetype/charis/CharisSIL-Bold.ttf \
  /usr/share/fonts/truetype/charis/CharisSIL-BoldItalic.ttf \
  /usr/share/fonts/truetype/andika/Andika-Regular.ttf \
  /usr/share/fonts/truetype/andika/Andika-Italic.ttf \
  /usr/share/fonts/truetype/andika/Andika-Bold.ttf \
  /usr/share/fonts/truetype/andika/Andika-BoldItalic.ttf \
  /usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf \
  /usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf \
  $(NOTO)/NotoSerif-Regular.ttf $(NOTO)/NotoSerif-Bold.ttf \
  $(NOTO)/NotoSerif-Italic.ttf $(NOTO)/NotoSerif-BoldItalic.ttf \
  $(foreach s,Armenian Bengali Devanagari Ethiopic Georgian Gujarati \
    Gurmukhi Hebrew Kannada Khmer Lao Malayalam Myanmar Sinhala Tamil \
    Telugu Thai Tibetan,$(NOTO)/NotoSerif$(s)-Regular.ttf \
    $(NOTO)/NotoSerif$(s)-Bold.ttf) \
  $(NOTO)/NotoNaskhArabic-Regular.ttf $(NOTO)/NotoNaskhArabic-Bold.ttf \
  $(NOTO)/NotoSansOriya-Regular.ttf $(NOTO)/NotoSansOriya-Bold.ttf \
  $(NOTO)/NotoSansThaana-Regular.ttf $(NOTO)/NotoSansSyriac-Regular.ttf \
  $(NOTO)/NotoSansMath-Regular.ttf $(NOTO)/NotoSansSymbols-Regular.ttf \
  $(NOTO)/NotoSansSymbols2-Regular.ttf \
  /usr/share/fonts/truetype/ancient-scripts/Symbola_hint.ttf \
  /usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc \
  /usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc

.PHONY: all deps book check regen format check-format clean fonts man man-check man-diagnostics install pkgs cflags libs FORCE locale pot

all: $(BIN) fonts locale

# The words octavo adds to a book, per language (src/i18n.c): po/LL.po
# compiled into one text domain per language, octavo-LL, of the locale
# C.UTF-8, in locale/ beside fonts/ (installed with them: octavo looks
# in DATADIR/locale).  `make pot` extracts the msgids into po/octavo.pot.
PO := $(wildcard po/*.po)
MO := $(PO:po/%.po=locale/C.UTF-8/LC_MESSAGES/octavo-%.mo)
locale: $(MO)
locale/C.UTF-8/LC_MESSAGES/octavo-%.mo: po/%.po
	@mkdir -p $(dir $@)
	@echo "MSGFMT $<"
	@msgfmt --check --output-file=$@ $<

pot:
	xgettext --from-code=UTF-8 --language=C --keyword=i18n:2 --add-comments=TRANSLATORS \
		--keyword=N_ --no-location --sort-output --package-name=octavo \
		--output=po/octavo.pot $(SRC)

deps:
	@scripts/install-deps

# Each object depends on the headers it includes (-MMD writes them to
# its .d file).
$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "CC $<"
	@$(CC) $(CPPFLAGS) $(PKG_CFLAGS) $(CFLAGS) $(WARN) -MMD -MP -c $< -o $@
$(BUILD)/%.o: %.cc
	@mkdir -p $(dir $@)
	@echo "CXX $<"
	@$(CXX) -std=c++17 -Iinclude $(PKG_CFLAGS) $(CFLAGS) $(CXXWARN) -MMD -MP -c $< -o $@
-include $(SRC:%.c=$(BUILD)/%.d) $(CXXSRC:%.cc=$(BUILD)/%.d) $(BUILD)/install/main.d

# Where octavo finds its styles, fonts and template: this checkout, or,
# for the installed one, $(DATADIR).
$(BUILD)/src/main.o: CPPFLAGS += -DOCTAVO_DATADIR='"$(CURDIR)"'
$(BUILD)/install/main.o: CPPFLAGS += -DOCTAVO_DATADIR='"$(DATADIR)"'
$(BUILD)/install/main.o: src/main.c
	@mkdir -p $(dir $@)
	@echo "CC $< (for $(DATADIR))"
	@$(CC) $(CPPFLAGS) $(PKG_CFLAGS) $(CFLAGS) $(WARN) -MMD -MP -c $< -o $@
# DATADIR is compiled in: a new one makes the object again
$(BUILD)/install/main.o: $(BUILD)/install/datadir
$(BUILD)/install/datadir: FORCE
	@mkdir -p $(dir $@)
	@echo '$(DATADIR)' | cmp -s - $@ || echo '$(DATADIR)' >$@
$(BUILD)/install/octavo: $(BUILD)/install/main.o $(BUILD)/libocta.a
	@echo "LD $@"
	@$(CC) $(LDFLAGS) -o $@ $^ $(ALLOC_LIBS) $(LDLIBS)

# The table of ISO codes (libs.mk makes $(BUILD)/gen/isocodes.c).
$(BUILD)/gen/isocodes.o: $(BUILD)/gen/isocodes.c src/read/langtag.h
	@echo "CC $<"
	@$(CC) $(CPPFLAGS) -Isrc/read $(CFLAGS) $(WARN) -c $< -o $@

$(BUILD)/libocta.a: $(LIBOBJ)
	@rm -f $@
	@ar rcs $@ $^

$(BIN): $(BUILD)/src/main.o $(BUILD)/libocta.a
	@echo "LD $@"
	@$(CC) $(LDFLAGS) -o $@ $^ $(ALLOC_LIBS) $(LDLIBS)
ifeq ($(SANITIZE),)
	@ln -sf $(BIN) octavo
endif

fonts: fonts/.stamp
fonts/.stamp: Makefile
	@mkdir -p fonts
	@for f in $(FONT_FILES); do cp -p "$$f" fonts/ || exit 1; done
	@cp -p /usr/share/doc/fonts-sil-charis/copyright fonts/Charis-COPYRIGHT
	@cp -p /usr/share/doc/fonts-sil-andika/copyright fonts/Andika-COPYRIGHT
	@cp -p /usr/share/doc/fonts-dejavu-core/copyright fonts/DejaVu-COPYRIGHT
	@cp -p /usr/share/doc/fonts-noto-core/copyright fonts/Noto-COPYRIGHT
	@cp -p /usr/share/doc/fonts-noto-cjk/copyright fonts/NotoCJK-COPYRIGHT
	@cp -p /usr/share/doc/fonts-symbola/copyright fonts/Symbola-COPYRIGHT
	@touch $@

book: deps
	@$(MAKE) --no-print-directory -j4 all
	@mkdir -p $(OUT)
	./$(BIN) build book --all -o $(OUT)

# What a program that links libocta.a needs (libs.mk), for the tests that
# link it themselves.
pkgs:
	@echo $(PKGS)
cflags:
	@echo $(CPPFLAGS) $(PKG_CFLAGS)
libs:
	@echo $(LDFLAGS) $(LDLIBS)

check: deps
	@scripts/install-deps --test
	@$(MAKE) --no-print-directory -j4 all
	@$(MAKE) --no-print-directory man-check
	@$(MAKE) --no-print-directory check-format
	@ONLY= BUILD=$(BUILD) SANITIZE=$(SANITIZE) tests/run

# Rewrites the golden and error expectations; review `git diff tests/`.
regen: all
	@REGEN=1 BUILD=$(BUILD) tests/run

# Manual pages: groff prints warnings but exits 0, so any output fails.
MANDIR ?= $(PREFIX)/share/man
MANPAGES := man/octavo.1 man/octavo-book.5
man-check: $(BUILD)/diag-man
	@scripts/man-diagnostics $(BUILD)/diag-man --check
	@for m in $(MANPAGES); do \
		w=$$(groff -man -Tutf8 -ww -z "$$m" 2>&1) || exit 1; \
		[ -z "$$w" ] || { printf '%s\n' "$$w" >&2; exit 1; }; \
	done

# octavo(1)'s list of messages, from include/diag.def.
$(BUILD)/diag-man: man/diagnostics.c include/diag.def include/diag.h
	@mkdir -p $(dir $@)
	@$(CC) $(CPPFLAGS) $(CFLAGS) $(WARN) $< $(BUILD)/src/diag.o \
		$(LDFLAGS) $(LDLIBS) -o $@
$(BUILD)/diag-man: $(BUILD)/src/diag.o
man-diagnostics: $(BUILD)/diag-man
	@scripts/man-diagnostics $(BUILD)/diag-man

man: man-check
	install -d $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5
	install -m 0644 man/octavo.1 $(DESTDIR)$(MANDIR)/man1/octavo.1
	install -m 0644 man/octavo-book.5 $(DESTDIR)$(MANDIR)/man5/octavo-book.5

# The program (built for $(DATADIR)), the man pages, and what it reads
# from $(DATADIR): styles/, fonts/ (with their licences), templates/.
install: $(BUILD)/install/octavo fonts locale man
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(DATADIR)/styles \
		$(DESTDIR)$(DATADIR)/fonts
	install -m 0755 $(BUILD)/install/octavo $(DESTDIR)$(PREFIX)/bin/octavo
	install -m 0644 styles/*.yaml $(DESTDIR)$(DATADIR)/styles/
	install -m 0644 fonts/*.ttf fonts/*.ttc fonts/*-COPYRIGHT $(DESTDIR)$(DATADIR)/fonts/
	install -d $(DESTDIR)$(DATADIR)/locale/C.UTF-8/LC_MESSAGES
	install -m 0644 $(MO) $(DESTDIR)$(DATADIR)/locale/C.UTF-8/LC_MESSAGES/
	cd templates && find . -type d -exec install -d \
		'$(DESTDIR)$(DATADIR)/templates/{}' ';' && \
		find . -type f -exec install -m 0644 '{}' \
		'$(DESTDIR)$(DATADIR)/templates/{}' ';'

# Every C file of the project, formatted by .clang-format; check-format
# fails (and names the files) when one is not.
FORMAT_FILES = $(sort $(SRC) $(CXXSRC) $(wildcard include/*.h src/*.h src/*/*.h \
	src/*/*/*.c src/*/*/*.h tests/*.c tests/*/*.c tests/*/*.h bench/*.c))
format:
	clang-format -i $(FORMAT_FILES)

check-format:
	@bad=$$(for f in $(FORMAT_FILES); do \
		clang-format --dry-run -Werror "$$f" >/dev/null 2>&1 || echo "$$f"; \
	done); [ -z "$$bad" ] || { echo "not formatted (make format):" $$bad >&2; exit 1; }

clean:
	rm -rf build build-san build-fuzz octavo fonts/*.ttf fonts/*.ttc fonts/*-COPYRIGHT fonts/.stamp fonts/.cache locale

# Benchmarks against pandoc, WeasyPrint, Typst and LaTeX (bench/README.md).
# Never part of `make check`.  bench-deps installs those tools (root).
.PHONY: bench bench-deps
bench-deps:
	@bench/install-deps

$(BUILD)/bench/floor: bench/floor.c
	@mkdir -p $(dir $@)
	@echo "CC $<"
	@$(CC) $(CPPFLAGS) $(PKG_CFLAGS) $(CFLAGS) $(WARN) $< -o $@ $(LDFLAGS) $(LDLIBS)

bench: bench-deps
	@$(MAKE) --no-print-directory -j2 all $(BUILD)/bench/floor
	@BUILD=$(BUILD) bench/run

# libFuzzer targets: make fuzz FUZZ_TIME=60 (see tests/fuzz/README.md)
include tests/fuzz/fuzz.mk
