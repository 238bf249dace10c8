#!/usr/bin/env python3
"""bbox.py PDF LEFT RIGHT - no word is drawn outside the text block.

pdftotext -bbox gives each word's box; every word must lie between LEFT
and the page width less RIGHT (points, the theme's margins, 0.5 pt of
slack for rounding).  Prints the words that do not, with their page, and
exits 1 if any.
"""
import re
import subprocess
import sys


def main():
    pdf, left, right = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
    html = subprocess.run(['pdftotext', '-bbox', pdf, '-'], check=True,
                          capture_output=True, text=True).stdout
    bad, words, page, width = [], 0, 0, 0.0
    for line in html.splitlines():
        m = re.search(r'<page width="([\d.]+)"', line)
        if m:
            page += 1
            width = float(m.group(1))
            continue
        m = re.search(r'<word xMin="([\d.]+)" yMin="[\d.]+" '
                      r'xMax="([\d.]+)" yMax="[\d.]+">(.*)</word>', line)
        if not m:
            continue
        words += 1
        x0, x1 = float(m.group(1)), float(m.group(2))
        if x0 < left - 0.5 or x1 > width - right + 0.5:
            bad.append('page %d: "%s" from %.1f to %.1f pt (text block '
                       '%.1f to %.1f)' % (page, m.group(3), x0, x1, left,
                                          width - right))
    for b in bad[:20]:
        print(b)
    print('%d words on %d pages, %d outside the text block' %
          (words, page, len(bad)))
    return 1 if bad or not words else 0


if __name__ == '__main__':
    sys.exit(main())
