# libs.mk - the libraries octavo links (and the generated table of ISO
# codes it links with), in one place: the Makefile, the
# fuzzers (tests/fuzz/fuzz.mk) and the tests that link libocta.a
# themselves (`make -s cflags`, `make -s libs`) all take them from here.
# The variables are expanded only where they are used, so a machine that
# lacks the packages hears nothing from pkg-config before
# scripts/install-deps has run.
OCTAVO_PKGS := pangocairo pangoft2 cairo cairo-pdf libxml-2.0 libzip yaml-0.1 \
               glib-2.0 gio-2.0 gdk-pixbuf-2.0 fontconfig fribidi libcmark-gfm libqpdf \
               libgit2 libqrencode libjpeg libpng libcrypto zlib harfbuzz-subset \
               librsvg-2.0 tomlplusplus
OCTAVO_CFLAGS = $(shell pkg-config --cflags $(OCTAVO_PKGS) 2>/dev/null)
OCTAVO_LIBS = $(shell pkg-config --libs $(OCTAVO_PKGS) 2>/dev/null) \
              -lcmark-gfm-extensions -lhyphen -lm -lstdc++

# The ISO 639, 15924 and 3166 codes language tags are checked against,
# from Debian's iso-codes (src/read/langtag.c): a generated source linked
# with the rest, made in the gen/ folder of each build (the Makefile's
# BUILD, fuzz.mk's FUZZ_BUILD), which each compiles with its compiler.
ISOCODES ?= /usr/share/iso-codes/json
%/gen/isocodes.c: scripts/isocodes-gen $(wildcard $(ISOCODES)/iso_639-3.json)
	@mkdir -p $(dir $@)
	@echo "GEN $@"
	@python3 scripts/isocodes-gen $(ISOCODES) $@.tmp && mv $@.tmp $@
