#!/usr/bin/env python3
"""cells.py PDF PAGE CHECK... - where words stand on a page, by their text.

pdftotext -bbox gives an Arabic word letter by letter, left to right; the
letters of one word touch, so the boxes of a line (their middles within
3 pt: a mark stands higher) are joined into words where they touch (a
gap of more than 1 pt is a space), and a word is
found by its text or its text backwards (each letter with its marks).  Each word named must be on the
page exactly once.  A CHECK is one of:

  order:A>B>C   A's left edge right of B's, B's right of C's (columns
                from the right);  order:A<B<C  the other way
  right:A,B,C   their right edges within 0.6 pt of one another
  left:A,B,C    their left edges likewise
  center:A,B,C  their middles likewise

Prints each word's place and each check; exits 1 if one fails.
"""
import re
import subprocess
import sys
import unicodedata


def page_boxes(pdf, page):
    """pdftotext's word boxes on page: (left, middle, right, text)"""
    html = subprocess.run(['pdftotext', '-f', page, '-l', page, '-bbox',
                           pdf, '-'], check=True, capture_output=True,
                          text=True).stdout
    return [(float(a), (float(y0) + float(y1)) / 2, float(b), t)
            for a, y0, b, y1, t in re.findall(
                r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" '
                r'yMax="([\d.]+)">([^<]*)</word>', html)]


def page_words(pdf, page):
    boxes = page_boxes(pdf, page)
    lines = []  # boxes whose middles are within 3 pt: one line (marks
    for x0, y, x1, t in sorted(boxes, key=lambda b: b[1]):  # stand higher)
        if not lines or y - lines[-1][0] > 3:
            lines.append((y, []))
        lines[-1][1].append((x0, x1, t))
    words = []
    for y, bs in lines:
        bs.sort()
        cur = None
        for x0, x1, t in bs:
            if cur and x0 - cur[1] <= 1.0:
                cur = [cur[0], max(cur[1], x1), cur[2] + t]
            else:
                if cur:
                    words.append(tuple(cur))
                cur = [x0, x1, t]
        if cur:
            words.append(tuple(cur))
    return words


def backwards(text):
    """text with its letters (each with its marks) the other way round"""
    clusters = []
    for ch in text:
        if clusters and unicodedata.combining(ch):
            clusters[-1] += ch
        else:
            clusters.append(ch)
    return ''.join(reversed(clusters))


def find(words, text):
    hits = [(x0, x1) for x0, x1, t in words
            if t in (text, backwards(text))]
    print('%s at %s' % (text, ', '.join('%.1f-%.1f' % h for h in hits)))
    return hits[0] if len(hits) == 1 else None


def main():
    pdf, page = sys.argv[1], sys.argv[2]
    words = page_words(pdf, page)
    bad = 0
    for check in sys.argv[3:]:
        kind, names = check.split(':', 1)
        if kind == 'order':
            sep = '>' if '>' in names else '<'
            names = names.split(sep)
        else:
            names = names.split(',')
        places = [find(words, n) for n in names]
        if None in places:
            print('%s: a word not found once' % check)
            bad += 1
            continue
        if kind == 'order':
            xs = [p[0] for p in places]
            ok = all((a > b) if sep == '>' else (a < b)
                     for a, b in zip(xs, xs[1:]))
        else:
            xs = [p[1] if kind == 'right' else p[0] if kind == 'left'
                  else (p[0] + p[1]) / 2 for p in places]
            ok = max(xs) - min(xs) <= 0.6
        print('%s: %s' % (check, 'ok' if ok else 'FAILS'))
        bad += not ok
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
