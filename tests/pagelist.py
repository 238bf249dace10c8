#!/usr/bin/env python3
"""pagelist.py BOOK.epub BOOK.pdf THEME.yaml MIN-PAGES

Checks the EPUB's print page numbers against the print PDF itself.

From the EPUB: the navigation document's page-list (nav epub:type
"page-list"); each entry is followed to its target, which must be an
empty page break marker (epub:type "pagebreak", role "doc-pagebreak",
aria-label the entry's label); the words after the marker are read in
document order.

From the PDF: each page's label (qpdf --json), and the first words of
its text area (pdftotext -bbox-layout, poppler), leaving out the running
head and the folio, which sit in the margins of THEME.yaml.

Every arabic-labelled PDF page with text must have exactly one entry,
in page order, and the entry's words must be the page's first words (a
page that begins with the end of a hyphenated word may have its marker
before that word).  Words are compared as letters and digits only, so
punctuation, quotes, note calls and line-end hyphens do not matter, and
only up to a bibliography entry's back links (page numbers in the PDF,
letters in the EPUB).
Exits 1 with the first disagreement."""
import json
import posixpath
import re
import subprocess
import sys
import unicodedata
import xml.etree.ElementTree as ET
import zipfile

XHTML = "{http://www.w3.org/1999/xhtml}"
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
OPF = "{http://www.idpf.org/2007/opf}"
COMPARE = 40  # letters and digits compared per page
BACKLINK = "\u2191"  # the arrow before a bibliography entry's back links


def squash(text):
    """Letters and digits only, lower case."""
    text = unicodedata.normalize("NFKC", text).lower()
    return "".join(c for c in text if c.isalnum())


def fail(msg):
    print("pagelist: " + msg)
    sys.exit(1)


# ------------------------------------------------------------------ EPUB

def nav_path(z):
    container = ET.fromstring(z.read("META-INF/container.xml"))
    opf = next(e.get("full-path") for e in container.iter()
               if e.tag.endswith("rootfile"))
    pkg = ET.fromstring(z.read(opf))
    for item in pkg.iter(OPF + "item"):
        if "nav" in (item.get("properties") or "").split():
            return posixpath.join(posixpath.dirname(opf), item.get("href"))
    fail("the package has no navigation document")


def page_list(z, nav):
    root = ET.fromstring(z.read(nav))
    lists = [n for n in root.iter(XHTML + "nav")
             if "page-list" in (n.get(EPUB_TYPE) or "").split()]
    if len(lists) != 1:
        fail(f"{len(lists)} page-list navs in {nav}, expected 1")
    entries = []
    for a in lists[0].iter(XHTML + "a"):
        href = a.get("href")
        path, _, frag = href.partition("#")
        entries.append(("".join(a.itertext()).strip(),
                        posixpath.normpath(posixpath.join(
                            posixpath.dirname(nav), path)), frag))
    return entries


def text_after(root, target):
    """The element with id target (which must be empty), the text of the
    document after it, in document order, and the text of the header row
    of the table it is in ("" outside tables: the PDF repeats a table's
    header on each page the table runs on)."""
    found = [None]
    out = []
    header = [""]

    def walk(el, tables):
        if found[0] is not None:
            out.append(el.text or "")
        if el.get("id") == target:
            found[0] = el
            if tables:
                header[0] = " ".join(" ".join(th.itertext()) for th in
                                     tables[-1].iter(XHTML + "th"))
        if el.tag == XHTML + "table":
            tables = tables + [el]
        for child in el:
            walk(child, tables)
            if found[0] is not None:
                out.append(child.tail or "")

    walk(root, [])
    return found[0], "".join(out), header[0]


def check_marker(el, label, where):
    if el is None:
        fail(f"{where}: no element with that id")
    if el.tag != XHTML + "span" or len(el) or (el.text or "").strip():
        fail(f"{where}: the target is not an empty span")
    if "pagebreak" not in (el.get(EPUB_TYPE) or "").split():
        fail(f"{where}: the marker has no epub:type pagebreak")
    if el.get("role") != "doc-pagebreak":
        fail(f"{where}: the marker has no role doc-pagebreak")
    if el.get("aria-label") != label:
        fail(f"{where}: the marker's aria-label is "
             f"{el.get('aria-label')!r}, the page list says {label!r}")


# ------------------------------------------------------------------- PDF

def page_labels(pdf):
    out = subprocess.run(["qpdf", "--json", "--json-key=pagelabels", pdf],
                         check=True, capture_output=True, text=True).stdout
    ranges = json.loads(out)["pagelabels"]
    n = int(subprocess.run(["qpdf", "--show-npages", pdf], check=True,
                           capture_output=True, text=True).stdout)
    labels = []
    for i in range(n):
        r = max((r for r in ranges if r["index"] <= i),
                key=lambda r: r["index"])
        lab = r["label"]
        prefix = lab.get("/P", "")
        prefix = prefix[2:] if prefix.startswith("u:") else prefix
        number = lab.get("/St", 1) + i - r["index"]
        style = lab.get("/S")
        labels.append(prefix + (str(number) if style == "/D" else ""))
    return labels


def mm_or_pt(value):
    m = re.fullmatch(r"\s*([\d.]+)\s*(mm|cm|in|pt)?\s*", value)
    scale = {"mm": 72 / 25.4, "cm": 72 / 2.54, "in": 72.0}.get(m.group(2), 1)
    return float(m.group(1)) * scale


def margins(theme):
    found = {}
    for line in open(theme, encoding="utf-8"):
        m = re.match(r"(margin-top|margin-bottom):\s*(\S+)", line)
        if m:
            found[m.group(1)] = mm_or_pt(m.group(2))
    return found["margin-top"], found["margin-bottom"]


def first_words(pdf, page, top, bottom):
    """The words of page's text area, line by line from the top, each
    line from the left (pdftotext -bbox gives each word's box)."""
    out = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l",
                          str(page), pdf, "-"], check=True,
                         capture_output=True).stdout
    root = ET.fromstring(out)
    pg = next(root.iter(XHTML + "page"))
    height = float(pg.get("height"))
    words = []  # (middle, bottom, left, text)
    for w in pg.iter(XHTML + "word"):
        y0, y1 = float(w.get("yMin")), float(w.get("yMax"))
        if y0 > top - 2 and y1 < height - bottom + 2:
            words.append(((y0 + y1) / 2, y1, float(w.get("xMin")),
                          w.text or ""))
    words.sort()
    lines = []  # a word whose middle is above a line's bottom is on it
    for mid, y1, x, text in words:
        if lines and mid < lines[-1][0]:
            lines[-1][1].append((x, text))
        else:
            lines.append((y1, [(x, text)]))
    return " ".join(t for _, ws in lines for _, t in sorted(ws))


# ------------------------------------------------------------------ both

LIST_NUMBER = re.compile(r"\d+[.)]$")


def before_backlinks(text):
    """text up to a bibliography entry's links back to its citations:
    the PDF prints them as page numbers, the EPUB as letters, so the
    words after the arrow differ by design."""
    return text.split(BACKLINK, 1)[0]


def begins(epub_text, want, first_word):
    """Does epub_text begin with want, or with a word that ends with the
    start of want (the page begins inside that hyphenated word)?"""
    pos = epub_text.find(want) if want else -1
    return pos == 0 or 0 < pos < len(first_word)


def main():
    epub, pdf, theme, min_pages = sys.argv[1:5]
    top, bottom = margins(theme)
    z = zipfile.ZipFile(epub)
    nav = nav_path(z)
    entries = page_list(z, nav)
    docs = {}
    labels = page_labels(pdf)
    by_label = {}
    for i, lab in enumerate(labels):
        if lab.isdigit():
            by_label[lab] = i + 1
    seen = []
    for label, path, frag in entries:
        where = f"page {label} ({path}#{frag})"
        if label not in by_label:
            fail(f"{where}: the PDF has no page labelled {label!r}")
        if path not in docs:
            docs[path] = ET.fromstring(z.read(path))
        el, after, header = text_after(docs[path], frag)
        check_marker(el, label, where)
        e = squash(before_backlinks(after))
        words = first_words(pdf, by_label[label], top, bottom).split()
        if header and squash(" ".join(words)).startswith(squash(header)):
            words = words[len(header.split()):]  # a repeated header row
        if not words:  # a chapter with nothing printable
            if e:
                fail(f"{where}: PDF page {by_label[label]} has no text, "
                     f"the EPUB reads {after.strip()[:60]!r}")
            seen.append(label)
            continue
        # an ordered list's number is printed, but is no text in the EPUB
        starts = [words, words[1:]] if LIST_NUMBER.match(words[0]) \
            else [words]
        first_word = squash(re.match(r"\W*(\w*)", after).group(1))
        if not any(begins(e, squash(before_backlinks(" ".join(w)))[:COMPARE],
                          first_word)
                   for w in starts):
            fail(f"{where}: the EPUB reads {after.strip()[:60]!r}..., "
                 f"the PDF page begins {' '.join(words[:8])!r}")
        seen.append(label)
    # every page with text has its entry, in order (pages left blank
    # before a chapter have none)
    expected = [lab for lab in labels if lab.isdigit() and (
        lab in seen or squash(first_words(pdf, by_label[lab], top, bottom)))]
    if seen != expected:
        fail(f"the page list holds {seen}, the PDF's pages with text "
             f"are {expected}")
    if len(seen) < int(min_pages):
        fail(f"{len(seen)} pages, expected at least {min_pages}")
    print(f"pagelist: {len(seen)} pages, each entry on the first words of "
          "its printed page")
    return 0


if __name__ == "__main__":
    sys.exit(main())
