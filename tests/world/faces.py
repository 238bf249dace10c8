#!/usr/bin/env python3
"""faces.py PDF PAGE SCRIPT FONT - every letter of SCRIPT (a Unicode name
prefix: GREEK, HAN...) drawn on PAGE is drawn in a font whose name has
FONT: a theme face with a few letters of a script must not mix them into
words of the script's own face.  From mutool trace; exits 1 and names
the letters drawn in other fonts."""
import re
import subprocess
import sys
import unicodedata



def drawn(pdf, page):
    """Each letter drawn on page, with its font: (font, letter) pairs."""
    trace = subprocess.run(['mutool', 'trace', pdf, page],
                           capture_output=True, text=True,
                           check=True).stdout
    cur, out = None, []
    for line in trace.splitlines():
        m = re.search(r'<span font="([^"]*)"', line)
        if m:
            cur = m.group(1)
            continue
        m = re.search(r'<g unicode="([^"]*)"', line)
        if m and len(m.group(1)) == 1:
            out.append((cur, m.group(1)))
    return out


def main():
    pdf, page, script, font = sys.argv[1:5]
    bad, n = {}, 0
    for cur, c in drawn(pdf, page):
        if not unicodedata.name(c, '').startswith(script):
            continue
        n += 1
        if font not in cur:
            bad[c] = cur
    for c, f in sorted(bad.items()):
        print('%s U+%04X in %s' % (c, ord(c), f))
    print('%d %s letters on page %s, %d in other fonts than %s' %
          (n, script, page, len(bad), font))
    return 1 if bad or not n else 0


if __name__ == '__main__':
    sys.exit(main())
