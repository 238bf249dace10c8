#!/usr/bin/python3
"""table_check.py FILE.pdf [WORD...]: the PDF's tables read well.

  - In every table row (TR of the structure tree), the lines of its cells
    (TH, TD) sit on the same baselines: where two cells both have lines,
    each line of one is on a line of the other (0.3 pt apart at most),
    never a few points off (text beside code, one cell's lines closer
    than the other's).
  - On every page no two words overlap (pdftotext -bbox): a table too
    wide for the page is never drawn over itself.
  - Each WORD (an identifier of a code cell) is one word of the PDF's
    text, neither hyphenated nor cut across lines.
Prints one line per failure; exit 1 if any, 2 if the PDF has no table."""
import re
import subprocess
import sys

import pikepdf

import pdfmarks


def nearest(a, b):
    """The largest distance from a baseline of a, within the height b's
    lines span, to b's nearest baseline, when more than 0.3 pt."""
    worst = None
    for y in a:
        if min(b) - 0.3 <= y <= max(b) + 0.3:
            d = min(abs(y - z) for z in b)
            if d > 0.3 and (worst is None or d > worst):
                worst = d
    return worst


def row_failures(pdf):
    marks = {p.obj.objgen: pdfmarks.page_marks(p) for p in pdf.pages}
    page_no = {p.obj.objgen: i + 1 for i, p in enumerate(pdf.pages)}
    rows = fails = 0
    for e, _ in pdfmarks.walk(pdf):
        if str(e.S) != "/TR":
            continue
        rows += 1
        cells = []
        for c in pdfmarks.kids(e):
            if not isinstance(c, pikepdf.Dictionary) or \
                    str(c.get("/S")) not in ("/TD", "/TH"):
                continue
            ys, page = set(), None
            for pg, mcid in pdfmarks.all_mcrs(c):
                m = marks[pg].get(mcid)
                if m:
                    ys.update(round(y, 2) for y in m.ys)
                    page = page_no[pg]
            if ys:
                cells.append((page, ys))
        for i, (pa, a) in enumerate(cells):
            for pb, b in cells[i + 1:]:
                if pa != pb:
                    continue
                off = [d for d in (nearest(x, y) for x, y in ((a, b), (b, a)))
                       if d is not None]
                if off:
                    fails += 1
                    print(f"page {pa}: a table row's cells have lines "
                          f"{max(off):.2f} pt off each other's baselines")
    return rows, fails


def words(path):
    out = subprocess.run(["pdftotext", "-bbox", path, "-"],
                         capture_output=True, text=True).stdout
    pages = []
    for page in out.split("<page ")[1:]:
        pages.append([(float(a), float(b), float(c), float(d), w)
                      for a, b, c, d, w in re.findall(
                          r'<word xMin="([\d.]+)" yMin="([\d.]+)" '
                          r'xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>',
                          page)])
    return pages


def overlap_failures(pages):
    fails = 0
    for n, ws in enumerate(pages, 1):
        ws = sorted(ws)
        for i, (x0, y0, x1, y1, w) in enumerate(ws):
            for a0, b0, a1, b1, v in ws[i + 1:]:
                if a0 >= x1:
                    break
                dx = min(x1, a1) - max(x0, a0)
                dy = min(y1, b1) - max(y0, b0)
                small = min((x1 - x0) * (y1 - y0), (a1 - a0) * (b1 - b0))
                if dx > 0 and dy > 0 and dx * dy > 0.2 * small:
                    fails += 1
                    print(f"page {n}: '{w}' and '{v}' overlap")
    return fails


def main():
    if len(sys.argv) < 2:
        print(__doc__.strip().split("\n")[0], file=sys.stderr)
        return 2
    path, want = sys.argv[1], sys.argv[2:]
    rows, fails = row_failures(pikepdf.open(path))
    pages = words(path)
    fails += overlap_failures(pages)
    have = {w for ws in pages for *_, w in ws}
    for w in want:
        if w not in have:
            fails += 1
            print(f"'{w}' is not one word of the PDF's text")
    print(f"{path}: {rows} table rows, {len(pages)} pages, "
          f"{fails} failures")
    if not rows:
        return 2
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
