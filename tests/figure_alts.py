#!/usr/bin/env python3
"""figure_alts.py FILE.pdf N

Checks that each Figure of the PDF's structure tree carries the alt text
of the picture on its own page: the Figure's /Alt must be among the
words pdftotext reads on the page its /Pg names (octavo prints a
figure's alt text as its caption when it has no title).  Fails unless
there are N Figures, each with an /Alt.  From qpdf --json and poppler's
pdftotext: nothing of octavo's own reads the file."""
import json
import subprocess
import sys


def value(obj):
    return obj.get("value", obj) if isinstance(obj, dict) else obj


def main():
    pdf, want = sys.argv[1], int(sys.argv[2])
    j = json.loads(subprocess.run(["qpdf", "--json", pdf], check=True,
                                  capture_output=True, text=True).stdout)
    objects = j["objects"] if "objects" in j else j["qpdf"][1]
    pages = [p["object"] for p in j["pages"]]
    figures = []
    for key, obj in objects.items():
        d = value(obj)
        if isinstance(d, dict) and d.get("/S") == "/Figure":
            figures.append(d)
    if len(figures) != want:
        sys.exit(f"figure_alts: {len(figures)} Figures, expected {want}")
    for d in figures:
        alt = d.get("/Alt", "")
        alt = alt[2:] if alt.startswith("u:") else alt
        page = pages.index(d.get("/Pg")) + 1 if d.get("/Pg") in pages else 0
        if not alt or not page:
            sys.exit(f"figure_alts: a Figure without /Alt or /Pg: {d}")
        text = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page),
                               pdf, "-"], check=True, capture_output=True,
                              text=True).stdout
        if " ".join(alt.split()) not in " ".join(text.split()):
            sys.exit(f"figure_alts: the Figure on page {page} says "
                     f"{alt!r}, which that page does not show")
        print(f"page {page}: {alt}")


main()
