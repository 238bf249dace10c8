#!/usr/bin/env python3
"""readers.py EPUB [WORKDIR] - the EPUB as real readers show it.

MuPDF (mutool draw, as e-ink and Android readers built on it lay the
book out) and calibre (ebook-convert to TXT and to PDF) render the book;
the test fails, naming the renderer and the page or line, on:
  - a page, or a passage of three lines or more, of bare page numbers
    (a page list shown as reading content);
  - the landmarks shown as text (their labels in a row);
  - a doubled cover: a second page that is a picture without text;
  - a blank page (the second, or any other).
The first page must be the cover: a picture and no text.
"""
import os
import re
import subprocess
import sys
import tempfile
import zipfile

BARE = re.compile(r"^[0-9ivxlcdm]+$", re.I)  # a folio, arabic or roman
LANDMARKS = ["Cover", "Title page", "Contents", "Start of the book"]
problems = []


def bad(where, what):
    problems.append(f"{where}: {what}")


def run(cmd, **kw):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen",
               QTWEBENGINE_CHROMIUM_FLAGS="--no-sandbox")
    r = subprocess.run(cmd, capture_output=True, text=True, env=env, **kw)
    if r.returncode:
        sys.exit(f"{' '.join(cmd)} failed ({r.returncode}):\n{r.stderr[-2000:]}")
    return r.stdout


def lines_of(text):
    return [l.strip() for l in text.splitlines() if l.strip()]


def bare_runs(where, lines):
    """Runs of three or more lines that are nothing but folios."""
    run_start, n = 0, 0
    for i, l in enumerate(lines + ["-"]):
        if BARE.match(l):
            if not n:
                run_start = i
            n += 1
            continue
        if n >= 3:
            bad(where, f"{n} lines of bare page numbers from line "
                f"{run_start + 1}: {' '.join(lines[run_start:run_start + 5])} ...")
        n = 0


def landmark_run(where, lines):
    for i in range(len(lines) - len(LANDMARKS) + 1):
        if lines[i:i + len(LANDMARKS)] == LANDMARKS:
            bad(where, f"the landmarks shown as text at line {i + 1}")


def page_checks(name, pages, images_on):
    """pages: the text of each page; images_on(k): pictures on page k."""
    for k, text in enumerate(pages, 1):
        ls = lines_of(text)
        words = " ".join(ls).split()
        if len(words) >= 3 and all(BARE.match(w) for w in words):
            bad(f"{name} page {k}", "a page of bare page numbers: "
                + " ".join(words[:8]))
        bare_runs(f"{name} page {k}", ls)
        landmark_run(f"{name} page {k}", ls)
    if len(pages) < 3:
        bad(name, f"only {len(pages)} pages")
        return
    if lines_of(pages[0]) or not images_on(1):
        bad(f"{name} page 1", "is not the cover (a picture without text)")
    for k in range(2, len(pages) + 1):
        if lines_of(pages[k - 1]):
            continue
        if not images_on(k):
            bad(f"{name} page {k}", "blank")
        elif k == 2:
            bad(f"{name} page 2", "a doubled cover (a picture, no text)")


def mupdf(epub, work):
    txt = os.path.join(work, "mupdf.txt")
    run(["mutool", "draw", "-q", "-F", "txt", "-o", txt, epub])
    with open(txt, encoding="utf-8") as f:
        pages = f.read().split("\f")
    if pages and not pages[-1].strip():
        pages.pop()

    def images_on(k):
        # MuPDF's text output has no pictures: its trace shows them
        trace = run(["mutool", "draw", "-q", "-F", "trace", "-o", "-",
                     epub, str(k)])
        return "<fill_image" in trace
    page_checks("MuPDF", pages, images_on)


def calibre(epub, work):
    txt = os.path.join(work, "calibre.txt")
    run(["ebook-convert", epub, txt])
    with open(txt, encoding="utf-8") as f:
        ls = lines_of(f.read())
    bare_runs("calibre TXT", ls)
    landmark_run("calibre TXT", ls)
    pdf = os.path.join(work, "calibre.pdf")
    run(["ebook-convert", epub, pdf])
    n = int(re.search(r"Pages:\s+(\d+)", run(["pdfinfo", pdf])).group(1))
    pages = [run(["pdftotext", "-f", str(k), "-l", str(k), "-layout", pdf,
                  "-"]) for k in range(1, n + 1)]

    def images_on(k):
        out = run(["pdfimages", "-list", "-f", str(k), "-l", str(k), pdf])
        return len(out.splitlines()) > 2
    page_checks("calibre PDF", pages, images_on)


def main():
    epub = sys.argv[1]
    zipfile.ZipFile(epub).testzip()
    work = sys.argv[2] if len(sys.argv) > 2 else tempfile.mkdtemp()
    os.makedirs(work, exist_ok=True)
    mupdf(epub, work)
    calibre(epub, work)
    for p in problems:
        print(p)
    if problems:
        sys.exit(1)
    print("readers: MuPDF and calibre (TXT, PDF) show no page list, no "
          "landmarks, one cover and the title page second")


if __name__ == "__main__":
    main()
