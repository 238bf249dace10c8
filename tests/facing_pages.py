#!/usr/bin/python3
"""Facing pages: on each body page with a running head and a folio, the
text block's left edge is the inner margin on a recto (odd folio) and
the outer margin on a verso (even folio); the head and the folio are
centred on the text block, so they move with it.

usage: facing_pages.py BOOK.pdf INNER_PT OUTER_PT TOP_PT BOTTOM_PT

Reads `pdftotext -bbox` (poppler).  Prints one line per page checked and
fails (status 1) naming the page and the edge that is wrong; fails too
unless at least one recto and one verso were checked."""
import re
import subprocess
import sys

TOLERANCE = 1.5  # pt: glyph side bearings


def pages(pdf):
    html = subprocess.run(["pdftotext", "-bbox", pdf, "-"], check=True,
                          capture_output=True, text=True).stdout
    for m in re.finditer(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>',
                         html, re.S):
        words = [(float(a), float(b), float(c), float(d), t)
                 for a, b, c, d, t in re.findall(
                     r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)"'
                     r' yMax="([\d.]+)">([^<]*)</word>', m.group(3))]
        yield float(m.group(1)), float(m.group(2)), words


def main():
    pdf = sys.argv[1]
    inner, outer, top, bottom = map(float, sys.argv[2:6])
    seen = {True: 0, False: 0}
    bad = []
    for n, (w, h, words) in enumerate(pages(pdf), 1):
        head = [x for x in words if x[3] <= top]
        foot = [x for x in words if x[1] >= h - bottom]
        body = [x for x in words if x[1] > top and x[3] < h - bottom]
        if not head or len(foot) != 1 or not foot[0][4].isdigit() or not body:
            continue
        recto = int(foot[0][4]) % 2 == 1
        left = inner if recto else outer
        centre = left + (w - inner - outer) / 2
        got = {
            "text block's left edge": (min(x[0] for x in body), left),
            "running head's centre": ((min(x[0] for x in head) +
                                       max(x[2] for x in head)) / 2, centre),
            "folio's centre": ((foot[0][0] + foot[0][2]) / 2, centre),
        }
        side = "recto" if recto else "verso"
        print(f"page {n} (folio {foot[0][4]}, {side}): " + ", ".join(
            f"{k} {v[0]:.1f} (want {v[1]:.1f})" for k, v in got.items()))
        for k, (v, want) in got.items():
            if abs(v - want) > TOLERANCE:
                bad.append(f"page {n} ({side}): {k} at {v:.1f} pt, not {want:.1f}")
        seen[recto] += 1
    if not seen[True] or not seen[False]:
        bad.append(f"{seen[True]} recto and {seen[False]} verso pages with a "
                   "head and a folio: need one of each")
    for b in bad:
        print(b)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
