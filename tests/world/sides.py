#!/usr/bin/env python3
"""sides.py PDF DEFAULT RULES MARKERS - quote rules and list markers stand
at the start of their text: the right of right-to-left text.

The words come from pdftotext -bbox, the rules from mutool trace (vertical
strokes; pieces one under the other at one x are one rule).  A word is
right to left (R) when it holds an Arabic or Hebrew letter, left to right
(L) when it holds a Latin one; a quote or a line without either is
DEFAULT's (the book's direction).

- A quote's rule: every word beside it (its quote's) stands on one side of
  it, the nearest 3 to 20 pt away, and that side is the words' direction:
  the rule of an R quote is right of all its words.
- A list marker (a bullet, a dash or a number with its full stop): the
  outermost word of its line, on the side of the line's direction.

RULES is "R=n,L=m", the rules expected on each side; MARKERS the markers,
the same way.  Prints each rule and marker and exits 1 if any stands on
the wrong side or the counts differ.
"""
import re
import subprocess
import sys
import unicodedata

MARKER = re.compile('^\u200f?([0-9]+\\.|\\.[0-9]+|\u2022|\u2013|\u25e6)$')


def direction(text):
    for ch in text:
        if not unicodedata.category(ch).startswith('L'):
            continue
        name = unicodedata.name(ch, '')
        if name.startswith(('ARABIC', 'HEBREW')):
            return 'R'
        if name.startswith('LATIN'):
            return 'L'
    return None


def pages_words(pdf):
    html = subprocess.run(['pdftotext', '-bbox', pdf, '-'], check=True,
                          capture_output=True, text=True).stdout
    pages = []
    for line in html.splitlines():
        if '<page ' in line:
            pages.append([])
            continue
        m = re.search(r'<word xMin="([\d.]+)" yMin="([\d.]+)" '
                      r'xMax="([\d.]+)" yMax="([\d.]+)">(.*)</word>', line)
        if m:
            x0, y0, x1, y1 = (float(m.group(i)) for i in range(1, 5))
            pages[-1].append((x0, y0, x1, y1, m.group(5)))
    return pages


def pages_rules(pdf, n):
    rules = []
    for page in range(1, n + 1):
        xml = subprocess.run(['mutool', 'trace', pdf, str(page)],
                             check=True, capture_output=True,
                             text=True).stdout
        pieces = []
        for m in re.finditer(r'<stroke_path [^>]*>\s*<moveto x="([\d.]+)" '
                             r'y="([\d.]+)"/>\s*<lineto x="([\d.]+)" '
                             r'y="([\d.]+)"/>', xml):
            x0, y0, x1, y1 = (float(v) for v in m.groups())
            if abs(x0 - x1) < 0.01 and abs(y1 - y0) > 5:
                pieces.append((x0, min(y0, y1), max(y0, y1)))
        pieces.sort(key=lambda p: (p[0], p[1]))
        merged = []
        for x, y0, y1 in pieces:
            if merged and abs(merged[-1][0] - x) < 0.01 and \
                    abs(merged[-1][2] - y0) < 0.5:
                merged[-1][2] = y1
            else:
                merged.append([x, y0, y1])
        rules.append(merged)
    return rules


def parse_counts(text):
    out = {'R': 0, 'L': 0}
    for part in text.split(','):
        side, n = part.split('=')
        out[side] = int(n)
    return out


def main():
    pdf, default = sys.argv[1], sys.argv[2]
    want_rules, want_markers = parse_counts(sys.argv[3]), parse_counts(
        sys.argv[4])
    words = pages_words(pdf)
    rules = pages_rules(pdf, len(words))
    bad = []
    got_rules, got_markers = {'R': 0, 'L': 0}, {'R': 0, 'L': 0}
    for page, (ws, rs) in enumerate(zip(words, rules), 1):
        for x, y0, y1 in rs:
            beside = [w for w in ws if y0 <= (w[1] + w[3]) / 2 <= y1]
            dirs = [d for d in (direction(w[4]) for w in beside) if d]
            side = max('RL', key=dirs.count) if dirs else default
            got_rules[side] += 1
            if side == 'R':
                far = max(w[2] for w in beside)
                ok = x - 20 <= far <= x - 3
            else:
                far = min(w[0] for w in beside)
                ok = x + 3 <= far <= x + 20
            print('page %d: %s rule at x %.1f, y %.1f-%.1f, its %d words '
                  'reach %.1f%s' % (page, side, x, y0, y1, len(beside), far,
                                    '' if ok else ': WRONG SIDE'))
            if not ok:
                bad.append(page)
        for m in ws:
            if not MARKER.match(m[4]):
                continue
            line = [w for w in ws if w is not m and
                    abs((w[1] + w[3]) / 2 - (m[1] + m[3]) / 2) < 3]
            dirs = [d for d in (direction(w[4]) for w in line) if d]
            if not dirs:
                continue  # a folio or a number alone
            side = max('RL', key=dirs.count)
            got_markers[side] += 1
            if side == 'R':
                ok = m[0] >= max(w[2] for w in line)
            else:
                ok = m[2] <= min(w[0] for w in line)
            print('page %d: %s marker "%s" at x %.1f-%.1f%s' %
                  (page, side, m[4], m[0], m[2], '' if ok else
                   ': NOT AT ITS LINE\'S START'))
            if not ok:
                bad.append(page)
    print('rules: %s (want %s); markers: %s (want %s)' %
          (got_rules, want_rules, got_markers, want_markers))
    return 1 if bad or got_rules != want_rules or \
        got_markers != want_markers else 0


if __name__ == '__main__':
    sys.exit(main())
