#!/usr/bin/env python3
"""How a PDF's justified lines are spaced, read from its TJ arrays.

    pdf_letter_spacing.py FILE.pdf --max-spaced 0.5

A TJ array is one run of text with the position changes between its
glyph strings.  A position change between two letters (neither string
ends or begins with a space) is letter spacing or kerning; a run with
three or more of them counts as letter-spaced.  Fails when more than
--max-spaced of the runs that have position changes are letter-spaced
(word spaces should justify most lines alone), or when a word space of
a run that is not letter-spaced costs two position changes (one before
the space glyph, one after it) where one would place the words.
"""
import argparse
import sys

from pdf_text_runs import content_streams, tokens


def arrays(stream):
    """Each TJ array as a list of bytes (glyph strings) and floats."""
    cur = None
    for kind, tok in tokens(stream):
        if kind == "arr" and tok == b"[":
            cur = []
        elif kind == "arr":
            continue
        elif cur is not None and kind == "str":
            cur.append(tok)
        elif cur is not None and kind == "hex":
            cur.append(bytes.fromhex(tok[1:-1].decode()))
        elif cur is not None and kind == "num":
            cur.append(float(tok))
        elif kind == "op":
            if tok == b"TJ" and cur is not None:
                yield cur
            cur = None


def judge(arr):
    """(letter-spaced, word spaces costing two position changes)."""
    inside, twice = 0, 0
    for i in range(1, len(arr) - 1):
        before, n, after = arr[i - 1], arr[i], arr[i + 1]
        if not isinstance(n, float) or not isinstance(before, bytes) \
                or not isinstance(after, bytes):
            continue
        if not before.endswith(b" ") and not after.startswith(b" "):
            inside += 1
        if after == b" " and i + 2 < len(arr) and isinstance(arr[i + 2], float):
            twice += 1
    return inside >= 3, twice


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("pdf")
    ap.add_argument("--max-spaced", type=float, required=True)
    a = ap.parse_args()
    runs = spaced = twice = 0
    for _, stream in content_streams(a.pdf):
        for arr in arrays(stream):
            if not any(isinstance(x, float) for x in arr):
                continue
            runs += 1
            s, t = judge(arr)
            spaced += s
            twice += 0 if s else t
    share = spaced / runs if runs else 0
    print("%d runs with position changes, %d letter-spaced (%.0f%%); "
          "%d word spaces in the others cost two changes"
          % (runs, spaced, 100 * share, twice))
    sys.exit(0 if runs and share <= a.max_spaced and not twice else 1)


if __name__ == "__main__":
    main()
