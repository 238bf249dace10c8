#!/usr/bin/env python3
"""letters.py BOOKDIR PDF - every letter of every chapter is in the PDF.

For each chapter of BOOKDIR's book.yaml, the letters and digits of its
Markdown (NFKC-normalised, as a multiset) must all be found by pdftotext
on the chapter's pages (from the PDF's outline: the page of its entry up
to the page before the next chapter's).  Prints what is missing per
chapter and exits 1 if anything is.
"""
import collections
import re
import subprocess
import sys
import unicodedata


def letters(text):
    text = unicodedata.normalize('NFKC', text)
    return collections.Counter(
        c for c in text if unicodedata.category(c)[0] in 'LN')


def chapters(bookdir):
    out, on = [], False
    for line in open(bookdir + '/book.yaml', encoding='utf-8'):
        if re.match(r'^chapters:', line):
            on = True
        elif on and re.match(r'^\s+-\s', line):
            out.append(line.split('-', 1)[1].strip())
        elif on and not line.startswith(' '):
            on = False
    return out


def outline_pages(pdf):
    out = subprocess.run(['mutool', 'show', pdf, 'outline'], check=True,
                         capture_output=True, text=True).stdout
    return [(m.group(1), int(m.group(2))) for m in
            re.finditer(r'"(.*)"\s+#page=(\d+)', out)]


def page_text(pdf, first, last):
    return subprocess.run(['pdftotext', '-f', str(first), '-l', str(last),
                           '-enc', 'UTF-8', pdf, '-'], check=True,
                          capture_output=True, text=True).stdout


def main():
    bookdir, pdf = sys.argv[1], sys.argv[2]
    n_pages = int(re.search(r'Pages:\s+(\d+)', subprocess.run(
        ['pdfinfo', pdf], capture_output=True, text=True).stdout).group(1))
    entries = outline_pages(pdf)
    bad = 0
    total = 0
    for src in chapters(bookdir):
        md = open(bookdir + '/' + src, encoding='utf-8').read()
        title = re.search(r'^#\s+(.*)$', md, re.M).group(1).strip()
        idx = [i for i, (t, _) in enumerate(entries) if t == title]
        if not idx:
            print('%s: no outline entry "%s"' % (src, title))
            bad += 1
            continue
        i = idx[0]
        first = entries[i][1]
        last = entries[i + 1][1] - 1 if i + 1 < len(entries) else n_pages
        want = letters(re.sub(r'^#+\s', '', md, flags=re.M))
        got = letters(page_text(pdf, first, max(first, last)))
        missing = want - got
        total += sum(want.values())
        if missing:
            bad += 1
            print('%s (pages %d-%d): %d of %d letters missing: %s' % (
                src, first, last, sum(missing.values()),
                sum(want.values()),
                ' '.join('%s U+%04X x%d' % (c, ord(c), n)
                         for c, n in sorted(missing.items())[:20])))
    print('%d letters in %d chapters checked' % (total, len(chapters(bookdir))))
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
