#!/usr/bin/env python3
"""Checks a saddle-stitched booklet: booklet_order.py BOOKLET.pdf [PAGES]

PAGES is the number of pages of the handout before imposition (default:
M of the first folio "page K of M" found; every folio must agree).  The
booklet must have N = PAGES rounded up to a multiple of 4 pages on N/2
sheet sides, each side two pages wide.  For sheet s (0-based) the front
shows pages N-2s (left) and 2s+1 (right), the back 2s+2 (left) and
N-2s-1 (right).  Each half of each side is read with pdftotext: a page of
the handout must show its own folio "page K of PAGES", and a padding
page (K > PAGES, only at the end) must show no text at all.
"""
import re
import subprocess
import sys


def side_size(pdf):
    info = subprocess.run(["pdfinfo", pdf], capture_output=True,
                          text=True, check=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    w, h = re.search(r"^Page size:\s+([\d.]+) x ([\d.]+)", info,
                     re.M).groups()
    return pages, float(w), float(h)


def half_text(pdf, side, slot, w, h):
    """The text of the left (slot 0) or right half of a side (1-based)."""
    x = 0 if slot == 0 else int(w / 2) + 1
    out = subprocess.run(
        ["pdftotext", "-f", str(side), "-l", str(side), "-r", "72",
         "-x", str(x), "-y", "0", "-W", str(int(w / 2) - 1),
         "-H", str(int(h)), pdf, "-"],
        capture_output=True, text=True, check=True).stdout
    return out.strip()


def expected(n, sheet, back, slot):
    if not back:
        return n - 2 * sheet if slot == 0 else 2 * sheet + 1
    return 2 * sheet + 2 if slot == 0 else n - 2 * sheet - 1


def main():
    pdf = sys.argv[1]
    sides, w, h = side_size(pdf)
    if len(sys.argv) > 2:
        shown = int(sys.argv[2])
    else:
        first = re.search(r"page \d+ of (\d+)", half_text(pdf, 1, 1, w, h))
        shown = int(first.group(1)) if first else 0
    if not shown:
        print("no folio on the first sheet's right half")
        sys.exit(1)
    n = (shown + 3) // 4 * 4
    problems = []
    if (2 * sides) % 4:
        problems.append("%d pages on %d sides: not a multiple of 4"
                        % (2 * sides, sides))
    if 2 * sides != n:
        problems.append("%d sides, expected %d for %d pages"
                        % (sides, n // 2, shown))
    if w <= h:
        problems.append("sides are not landscape (%gx%g)" % (w, h))
    for side in range(min(sides, n // 2)):
        sheet, back = side // 2, side % 2 == 1
        for slot in (0, 1):
            k = expected(n, sheet, back, slot)
            text = half_text(pdf, side + 1, slot, w, h)
            folios = re.findall(r"page (\d+) of (\d+)", text)
            where = "side %d %s" % (side + 1, "left" if slot == 0 else "right")
            if k > shown:
                if text:
                    problems.append("%s: padding page %d has text %r"
                                    % (where, k, text[:40]))
            elif folios != [(str(k), str(shown))]:
                problems.append("%s: expected 'page %d of %d', found %s"
                                % (where, k, shown, folios or "no folio"))
    print("booklet: %d pages on %d sides, %d of them blank at the end"
          % (2 * sides, sides, n - shown))
    for p in problems:
        print(p)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
