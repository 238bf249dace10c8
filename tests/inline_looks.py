#!/usr/bin/env python3
"""The looks of HTML's phrase elements on a PDF page (tests/html-inline):

    inline_looks.py FILE.pdf PAGE

Reads the page's characters with their font, size and baseline from
MuPDF's structured text (mutool draw -F stext), and its pixels from
poppler (pdftoppm at 144 dpi, 2 pixels a point), and checks what a reader
sees:
  - "marked yellow" (<mark>) stands on a light yellow: most pixels of its
    character boxes are, and none of "lamp"'s;
  - "underlined once" (<u>) and "newly added" (<ins>) have a dark rule
    under them, across nine tenths of their width or more, and "Signs say"
    none;
  - "small print" (<small>) is set smaller than the text around it;
  - "The Quiet Harbour" (<cite>), "count" (<var>), "ferry" (<dfn>) in an
    italic face; "done in 3 s" (<samp>) in the code face.
Prints each failure; exits 1 if any.
"""
import html
import re
import subprocess
import sys

pdf, page = sys.argv[1], int(sys.argv[2])
DPI = 144
SCALE = DPI / 72.0

stext = subprocess.run(
    ["mutool", "draw", "-q", "-F", "stext", "-o", "-", pdf, str(page)],
    check=True, capture_output=True, text=True).stdout

# (char, font, size, x0, y0, x1, y1, baseline) in points
chars = []
font = size = None
for m in re.finditer(r'<font name="([^"]*)" size="([^"]*)"|<char quad="([^"]*)" x="[^"]*" y="([^"]*)"[^>]*c="([^"]*)"', stext):
    if m.group(1) is not None:
        font, size = m.group(1), float(m.group(2))
        continue
    q = [float(v) for v in m.group(3).split()]
    c = html.unescape(m.group(5))
    chars.append((c, font, size, min(q[0::2]), min(q[1::2]),
                  max(q[0::2]), max(q[1::2]), float(m.group(4))))

text = ""
at = []  # the entry of chars each character of text comes from
for k, c in enumerate(chars):
    text += c[0]
    at += [k] * len(c[0])


def find(words):
    i = text.find(words)
    if i < 0:
        sys.exit("page %d has no %r: %r" % (page, words, text))
    return chars[at[i]:at[i + len(words) - 1] + 1]


ppm = subprocess.run(
    ["pdftoppm", "-r", str(DPI), "-f", str(page), "-l", str(page), pdf],
    check=True, capture_output=True).stdout
# P6 header: magic, width, height, maxval, each after white space
fields = re.match(rb"P6\s+(\d+)\s+(\d+)\s+(\d+)\s", ppm)
W, H = int(fields.group(1)), int(fields.group(2))
pixels = ppm[fields.end():]


def pixel(x, y):
    o = (y * W + x) * 3
    return pixels[o], pixels[o + 1], pixels[o + 2]


def yellow(p):
    r, g, b = p
    return r > 235 and g > 220 and b < 200 and r - b > 50


def yellow_share(cs):
    n = hits = 0
    for c in cs:
        for y in range(int(c[4] * SCALE) + 1, int(c[6] * SCALE) - 1):
            for x in range(int(c[3] * SCALE) + 1, int(c[5] * SCALE) - 1):
                n += 1
                hits += yellow(pixel(x, y))
    return hits / max(n, 1)


def has_rule(cs):
    """A row just under the baseline dark across 90% of the words."""
    x0, x1 = int(cs[0][3] * SCALE) + 1, int(cs[-1][5] * SCALE) - 1
    base = int(cs[0][7] * SCALE)
    for y in range(base, base + int(4 * SCALE)):
        dark = sum(1 for x in range(x0, x1) if sum(pixel(x, y)) < 3 * 160)
        if dark >= 0.9 * (x1 - x0):
            return True
    return False


bad = []
share = yellow_share(find("marked yellow"))
if share < 0.5:
    bad.append("<mark>: %.0f%% of 'marked yellow' is yellow" % (share * 100))
if yellow_share(find("lamp")) > 0:
    bad.append("'lamp', not marked, stands on yellow")
for words in ("underlined once", "newly added"):
    if not has_rule(find(words)):
        bad.append("no rule under %r" % words)
if has_rule(find("Signs say")):
    bad.append("a rule under 'Signs say', which is not underlined")
body = find("A footnote in")[0][2]
small = find("small print")[0][2]
if not small < 0.9 * body:
    bad.append("<small> at %.2f pt, the text at %.2f pt" % (small, body))
for words in ("The Quiet Harbour", "count", "ferry"):
    fonts = {c[1] for c in find(words) if c[0] != " "}
    if not all("Italic" in f for f in fonts):
        bad.append("%r in %s, not italic" % (words, ", ".join(sorted(fonts))))
fonts = {c[1] for c in find("done in 3 s") if c[0] != " "}
if fonts != {"DejaVuSansMono"}:
    bad.append("<samp> in %s, not the code face" % ", ".join(sorted(fonts)))
for b in bad:
    print(b)
sys.exit(1 if bad else 0)
