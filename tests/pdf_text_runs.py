#!/usr/bin/env python3
"""Every text run of a PDF, read from its content streams (qpdf writes them
uncompressed), with the size it is drawn at and the colour it is filled in.

    pdf_text_runs.py FILE.pdf --min-size 14      fails if a run is smaller
    pdf_text_runs.py FILE.pdf --gray --contrast 7
        fails if any colour is not a gray, or text is filled in a gray
        with less than that WCAG contrast against the white page

The size of a run is the Tf size times the scale of the text matrix and
the current transformation (square root of the determinant), so it is the
size on the page whatever way the producer sets it.  Runs are shown with
Tj, TJ, ' and ".  Prints the smallest size and darkest/lightest text gray
it found, and every run that breaks a rule (page, size, text).
"""
import argparse
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
    print("%d runs; smallest %.2f pt; text contrast %.2f to %.2f:1"
          % (n, min(sizes or [0]), min(text_contrast or [0]),
             max(text_contrast or [0])))
    for b in sorted(set(bad))[:20]:
        print(b)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
