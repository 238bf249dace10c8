#!/usr/bin/env python3
"""leaders.py PDF PAGE LEFT - every contents entry of a left-to-right page
reads as one: its title from the left (its last line's words all left
of its dot leader, the nearest no more than 12 pt before it), the dots
on to the page number, which ends the line at the right, and every
leader ending at one x.  Each entry's first line starts at LEFT (the
text area's edge).

The leaders are the dashed strokes of mutool trace; the words those of
pdftotext -bbox whose middles are within 8 pt above a leader's line, or
on the lines above it down to the previous leader (a wrapped title).
Prints each entry; exits 1 if one is not so.
"""
import re
import subprocess
import sys

from cells import page_boxes


def main():
    pdf, page, left = sys.argv[1], sys.argv[2], float(sys.argv[3])
    words = page_boxes(pdf, page)
    trace = subprocess.run(['mutool', 'trace', pdf, page], check=True,
                           capture_output=True, text=True).stdout
    leaders = [tuple(float(v) for v in m) for m in re.findall(
        r'<stroke_path [^>]*dash="0 [\d.]+"[^>]*>\s*<moveto x="([\d.]+)" '
        r'y="([\d.]+)"/>\s*<lineto x="([\d.]+)"', trace)]
    if not leaders:
        print('no leaders')
        return 1
    bad, above = 0, None
    ends = set()
    for x0, y, x1 in sorted(leaders, key=lambda l: l[1]):
        line = [w for w in words if 0 < y - w[1] < 8]
        entry = [w for w in words if (above is None or w[1] > above + 8)
                 and w[1] < y]
        above = y
        title = [w for w in line if w[2] <= x0]
        after = [w for w in line if w[0] >= x1]
        first_y = min(w[1] for w in entry) if entry else None
        start = min((w[0] for w in entry if abs(w[1] - first_y) < 3),
                    default=None)
        ok = (title and after and len(title) + len(after) == len(line)
              and 0 <= x0 - max(w[2] for w in title) <= 12
              and start is not None and abs(start - left) < 0.5)
        ends.add(round(x1, 1))
        print('leader %.1f-%.1f at y %.1f: title ends %s, number %s, '
              'entry starts %s%s' % (
                  x0, x1, y,
                  '%.1f' % max(w[2] for w in title) if title else '-',
                  ' '.join(w[3] for w in after) or '-',
                  '%.1f' % start if start is not None else '-',
                  '' if ok else ': WRONG'))
        bad += not ok
    if len(ends) != 1:
        print('leaders end at', sorted(ends))
        bad += 1
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
