#!/usr/bin/env python3
"""letter_faces.py PDF PAGE LETTERS=FONT... - each of LETTERS drawn on
PAGE is drawn in a font whose name holds FONT, and only in such fonts
(mutool trace): the Han letters of a <span lang="ja"> in the Japanese
face, those around it in the Chinese one.  Prints the fonts of each
letter; exits 1 if a letter is missing or drawn in another font."""
import sys

from faces import drawn

pdf, page = sys.argv[1], sys.argv[2]
fonts = {}
for cur, c in drawn(pdf, page):
    fonts.setdefault(c, set()).add(cur)
bad = 0
for want in sys.argv[3:]:
    letters, font = want.split('=')
    for c in letters:
        got = sorted(fonts.get(c, []))
        ok = got and all(font in f for f in got)
        print('%s U+%04X: %s%s' % (c, ord(c), ', '.join(got) or 'not drawn',
                                   '' if ok else ' (want %s)' % font))
        bad += not ok
sys.exit(1 if bad else 0)
