#!/usr/bin/env python3
"""html_reach.py BOOKDIR EPUB PDF: every table and every text of the raw
HTML in the book's chapters reaches both outputs.

Reads each chapter listed in BOOKDIR/book.yaml with Python's own HTML
parser (not octavo's), collects the text inside HTML elements (not in
script, style, iframe and the like, which must not reach an output) and
counts the tables (HTML <table> and Markdown pipe tables).  Then checks
that each text's words are in the EPUB's chapter text and in the PDF's
text (pdftotext), and that the EPUB has as many <table> elements.
Prints one line per problem and exits 1 if there is any."""
import html.parser
import re
import subprocess
import sys
import zipfile

DROPPED = {"script", "style", "noscript", "template", "iframe", "object",
           "embed"}
VOID = {"br", "hr", "img", "input", "meta", "link", "col", "area", "wbr"}


class Texts(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.open = []
        self.texts = []
        self.tables = 0

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables += 1
        if tag not in VOID:
            self.open.append(tag)

    def handle_endtag(self, tag):
        if tag in self.open:
            while self.open and self.open.pop() != tag:
                pass

    def handle_data(self, data):
        if self.open and not DROPPED & set(self.open):
            self.texts.append(data)


def markdown_words(text):
    """Words of a text that may hold Markdown (between HTML blocks)."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"[*_`]", "", text)
    return re.findall(r"\w[\w'’&.-]*\w|\w", text)


def chapters(book):
    lines = open(f"{book}/book.yaml", encoding="utf-8").read().split("\n")
    i = lines.index("chapters:")
    return [l[4:].strip() for l in lines[i + 1:] if l.startswith("  - ")]


def norm_words(text):
    text = text.replace("\u00ad", "")
    text = re.sub(r"-\n\s*", "", text)  # a word hyphenated at a line end
    return set(re.findall(r"\w[\w'’&.-]*\w|\w", text))


def main():
    book, epub, pdf = sys.argv[1:4]
    want_words, want_tables = [], 0
    for ch in chapters(book):
        src = open(f"{book}/{ch}", encoding="utf-8").read()
        # code blocks are no HTML: leave their text out
        src = re.sub(r"(?ms)^```.*?^```", "", src)
        # nor are autolinks (<https://...>)
        src = re.sub(r"<(?:https?|mailto):[^>\s]*>", "", src)
        p = Texts()
        p.feed(src)
        for t in p.texts:
            want_words += [(ch, w) for w in markdown_words(t)]
        want_tables += p.tables
        want_tables += len(re.findall(r"(?m)^\|?\s*:?-{3,}", src))
    with zipfile.ZipFile(epub) as z:
        xhtml = "".join(z.read(n).decode() for n in z.namelist()
                        if n.startswith("OEBPS/text/"))
    epub_tables = len(re.findall(r"<table[ >]", xhtml))
    epub_words = norm_words(re.sub(r"<[^>]+>", " ",
                                   html.unescape(xhtml)))
    pdf_words = norm_words(subprocess.run(
        ["pdftotext", "-enc", "UTF-8", pdf, "-"],
        capture_output=True, text=True, check=True).stdout)
    bad = 0
    if epub_tables != want_tables:
        print(f"tables: {want_tables} in the source, {epub_tables} in the EPUB")
        bad += 1
    for ch, w in want_words:
        for name, words in (("EPUB", epub_words), ("PDF", pdf_words)):
            if w not in words:
                print(f"{ch}: '{w}' is not in the {name}")
                bad += 1
    print(f"{len(want_words)} words of HTML text, {want_tables} tables; "
          f"{bad} missing")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
