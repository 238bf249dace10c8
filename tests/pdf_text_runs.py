#!/usr/bin/env python3
"""Every text run of a PDF, read from its content streams (qpdf writes them
uncompressed), with the size it is drawn at and the colour it is filled in.

    pdf_text_runs.py FILE.pdf --min-size 14      fails if a run is smaller
    pdf_text_runs.py FILE.pdf --body-size 11.5   fails unless most runs
        are drawn at that size
    pdf_text_runs.py FILE.pdf --gray --contrast 7
        fails if any colour is not a gray, or text is filled in a gray
        with less than that WCAG contrast against the white page

The size of a run is the Tf size times the scale of the text matrix and
the current transformation (square root of the determinant), so it is the
size on the page whatever way the producer sets it.  Runs are shown with
Tj, TJ, ' and ".  Prints the smallest size and darkest/lightest text gray
it found, and every run that breaks a rule (page, size, text).

    pdf_text_runs.py FILE.pdf --min-size 14 --bbox FONTSDIR
        also checks every word of pdftotext -bbox: poppler's word box is
        the font size times the font's ascent minus descent (hhea, in
        units per em), read from the font files in FONTSDIR for each font
        the PDF embeds; the largest such ratio is used, so a word's size
        is never overestimated.
"""
import argparse
import glob
import os
import struct
import re
import subprocess
import sys
import tempfile

TOKEN = re.compile(rb"""
    (?P<ws>[\s\x00]+|%[^\r\n]*)
  | (?P<str>\()
  | (?P<hex><[0-9A-Fa-f\s]*>)
  | (?P<dict><<|>>)
  | (?P<arr>[\[\]])
  | (?P<name>/[^\s/\[\]()<>{}%]*)
  | (?P<num>[+-]?(?:\d+\.?\d*|\.\d+))
  | (?P<op>[^\s/\[\]()<>{}%]+)
""", re.X)


def literal(data, i):
    """The literal string starting after '(' at i; returns (bytes, end)."""
    depth, out = 1, bytearray()
    while i < len(data):
        c = data[i]
        if c == 0x5C:  # backslash: keep the escaped byte
            out.append(data[i + 1])
            i += 2
            continue
        if c == 0x28:
            depth += 1
        elif c == 0x29:
            depth -= 1
            if depth == 0:
                return bytes(out), i + 1
        out.append(c)
        i += 1
    return bytes(out), i


def tokens(data):
    i = 0
    while i < len(data):
        m = TOKEN.match(data, i)
        if not m:
            i += 1
            continue
        kind = m.lastgroup
        if kind == "str":
            s, i = literal(data, m.end())
            yield "str", s
            continue
        i = m.end()
        if kind != "ws":
            yield kind, m.group(kind)


def mul(a, b):
    """2x3 affine matrices [a b c d e f], a then b."""
    return [a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3],
            a[2] * b[0] + a[3] * b[2], a[2] * b[1] + a[3] * b[3],
            a[4] * b[0] + a[5] * b[2] + b[4], a[4] * b[1] + a[5] * b[3] + b[5]]


def scale(m):
    return abs(m[0] * m[3] - m[1] * m[2]) ** 0.5


def luminance(v):
    v = max(0.0, min(1.0, v))
    return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4


def contrast_with_white(rgb):
    y = (0.2126 * luminance(rgb[0]) + 0.7152 * luminance(rgb[1]) +
         0.0722 * luminance(rgb[2]))
    return 1.05 / (y + 0.05)


def runs(stream):
    """(size, fill rgb, text bytes) of each run; and every colour set."""
    ctm, tm, size = [1, 0, 0, 1, 0, 0], [1, 0, 0, 1, 0, 0], 0.0
    fill, stack, ops, colours, found = (0, 0, 0), [], [], [], []
    for kind, tok in tokens(stream):
        if kind != "op":
            if kind == "num":
                ops.append(float(tok))
            elif kind == "str":
                ops.append(tok)
            elif kind == "hex":
                ops.append(bytes.fromhex(tok[1:-1].decode()))
            elif kind == "name":
                ops.append(tok.decode())
            continue
        op = tok.decode("latin-1")
        nums = [x for x in ops if isinstance(x, float)]
        if op == "q":
            stack.append((ctm, fill))
        elif op == "Q" and stack:
            ctm, fill = stack.pop()
        elif op == "cm" and len(nums) >= 6:
            ctm = mul(nums[-6:], ctm)
        elif op == "BT":
            tm = [1, 0, 0, 1, 0, 0]
        elif op == "Tm" and len(nums) >= 6:
            tm = nums[-6:]
        elif op == "Tf" and nums:
            size = nums[-1]
        elif op in ("rg", "RG") and len(nums) >= 3:
            rgb = tuple(nums[-3:])
            colours.append(rgb)
            if op == "rg":
                fill = rgb
        elif op in ("g", "G") and nums:
            rgb = (nums[-1],) * 3
            colours.append(rgb)
            if op == "g":
                fill = rgb
        elif op in ("k", "K", "sc", "scn", "SC", "SCN") and nums:
            colours.append(tuple(nums[-4:]) if op in "kK" else tuple(nums))
        elif op in ("Tj", "TJ", "'", '"'):
            text = b"".join(x for x in ops if isinstance(x, bytes))
            found.append((abs(size) * scale(mul(tm, ctm)), fill, text))
        ops = []
    return found, colours


def sfnt_tables(path):
    data = open(path, "rb").read()
    n = struct.unpack(">H", data[4:6])[0]
    tables = {}
    for i in range(n):
        tag, _, off, ln = struct.unpack(">4sIII", data[12 + 16 * i:28 + 16 * i])
        tables[tag.decode("latin-1")] = data[off:off + ln]
    return tables


def postscript_name(tables):
    name = tables["name"]
    count, strings = struct.unpack(">HH", name[2:6])
    for i in range(count):
        plat, enc, lang, nid, ln, off = struct.unpack(
            ">6H", name[6 + 12 * i:18 + 12 * i])
        if nid == 6:
            raw = name[strings + off:strings + off + ln]
            return raw.decode("utf-16-be" if plat in (0, 3) else "latin-1")
    return None


def font_ratios(fonts_dir):
    """PostScript name -> (hhea ascender - descender) / units per em."""
    ratios = {}
    for path in glob.glob(os.path.join(fonts_dir, "*.ttf")):
        t = sfnt_tables(path)
        upm = struct.unpack(">H", t["head"][18:20])[0]
        asc, desc = struct.unpack(">hh", t["hhea"][4:8])
        ratios[postscript_name(t)] = (asc - desc) / upm
    return ratios


def bbox_words(pdf, fonts_dir):
    """(page, size, word) of every word, sized by its box's height."""
    out = subprocess.run(["pdffonts", pdf], capture_output=True, text=True,
                         check=True).stdout.splitlines()[2:]
    known = font_ratios(fonts_dir)
    used = [line.split()[0].split("+")[-1] for line in out if line.strip()]
    missing = [u for u in used if u not in known]
    if missing or not used:
        raise SystemExit("fonts not in %s: %s" % (fonts_dir, missing))
    ratio = max(known[u] for u in used)
    html = subprocess.run(["pdftotext", "-bbox", pdf, "-"],
                          capture_output=True, text=True, check=True).stdout
    page, words = 0, []
    for line in html.splitlines():
        if "<page " in line:
            page += 1
        m = re.search(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">'
                      r"(.*)</word>", line)
        if m:
            h = float(m.group(2)) - float(m.group(1))
            words.append((page, h / ratio, m.group(3)))
    return words


def content_streams(pdf):
    """The decoded streams of the file (qpdf --qdf: uncompressed)."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as tmp:
        subprocess.run(["qpdf", "--qdf", "--object-streams=disable", pdf,
                        tmp.name], check=False)
        data = open(tmp.name, "rb").read()
    page = 0
    for m in re.finditer(rb"%% (Page|Contents for page) (\d+)|"
                         rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        if m.group(1):
            page = int(m.group(2))
        elif b"BT" in m.group(3) or b" rg" in m.group(3):
            yield page, m.group(3)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("pdf")
    ap.add_argument("--min-size", type=float)
    ap.add_argument("--gray", action="store_true")
    ap.add_argument("--contrast", type=float)
    ap.add_argument("--bbox", metavar="FONTSDIR")
    ap.add_argument("--body-size", type=float,
                    help="the size most runs are drawn at must be this")
    a = ap.parse_args()
    bad, sizes, text_contrast, n = [], [], [], 0
    for page, stream in content_streams(a.pdf):
        found, colours = runs(stream)
        for size, fill, text in found:
            n += 1
            sizes.append(size)
            text_contrast.append(contrast_with_white(fill))
            shown = text.decode("latin-1")[:30]
            if a.min_size and size < a.min_size - 0.01:
                bad.append("page %d: run at %.2f pt < %g: %r"
                           % (page, size, a.min_size, shown))
            if a.contrast and contrast_with_white(fill) < a.contrast:
                bad.append("page %d: text in %s, contrast %.2f:1 < %g:1"
                           % (page, fill, contrast_with_white(fill),
                              a.contrast))
        if a.gray:
            for c in colours:
                if len(c) != 3 or max(c) - min(c) > 1e-6:
                    bad.append("page %d: colour %s is not a gray"
                               % (page, c))
    if not n:
        bad.append("no text runs found")
    if a.body_size and sizes:
        common = max(set(round(x, 2) for x in sizes),
                     key=lambda x: sum(1 for y in sizes if round(y, 2) == x))
        print("most runs at %.2f pt" % common)
        if abs(common - a.body_size) > 0.01:
            bad.append("most runs are drawn at %.2f pt, not the theme's %g"
                       % (common, a.body_size))
    if a.bbox and a.min_size:
        words = bbox_words(a.pdf, a.bbox)
        if not words:
            bad.append("pdftotext -bbox found no words")
        for page, size, word in words:
            if size < a.min_size - 0.05:
                bad.append("page %d: word box of %.2f pt < %g: %r"
                           % (page, size, a.min_size, word[:30]))
        print("%d words (pdftotext -bbox); smallest %.2f pt"
              % (len(words), min([w[1] for w in words] or [0])))
    print("%d runs; smallest %.2f pt; text contrast %.2f to %.2f:1"
          % (n, min(sizes or [0]), min(text_contrast or [0]),
             max(text_contrast or [0])))
    for b in sorted(set(bad))[:20]:
        print(b)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
