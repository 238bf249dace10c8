# libs.mk - the libraries octavo links, in one place: the Makefile, the
# fuzzers (tests/fuzz/fuzz.mk) and the tests that link libocta.a
# themselves (`make -s cflags`, `make -s libs`) all take them from here.
# The variables are expanded only where they are used, so a machine that
# lacks the packages hears nothing from pkg-config before
# scripts/install-deps has run.
OCTAVO_PKGS := pangocairo pangoft2 cairo cairo-pdf libxml-2.0 libzip yaml-0.1 \
               glib-2.0 gio-2.0 gdk-pixbuf-2.0 fontconfig fribidi libcmark-gfm libqpdf \
               libgit2 libqrencode libjpeg libpng libcrypto zlib harfbuzz-subset \
               librsvg-2.0
OCTAVO_CFLAGS = $(shell pkg-config --cflags $(OCTAVO_PKGS) 2>/dev/null)
OCTAVO_LIBS = $(shell pkg-config --libs $(OCTAVO_PKGS) 2>/dev/null) \
              -lcmark-gfm-extensions -lhyphen -lm
