#!/usr/bin/env python3
"""pdf_backrefs.py BOOK.pdf MIN-ENTRIES

Checks the print bibliography against the pages themselves: for each
numbered (Vancouver) entry "N. ... ↑ p q", the pages p, q must be exactly
the pages whose text cites N ("[N]", "[M, N]", "[N, p. 12]"), counted by
the folio printed at the foot of each page (pdftotext, poppler).  Exits 1
with the first disagreement."""
import re
import subprocess
import sys

CITE = re.compile(r"\[(\d+(?:, \d+)*)(?:, p[^\]]*)?\]")
ENTRY = re.compile(r"^(\d+)\. ")
# pdftotext drops the space of "↑ 5" when the "↑" begins a line
BACK = re.compile(r"↑ ?(\d+(?: \d+)*)\s*$")


def pages(pdf):
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", pdf, "-"],
                          check=True, capture_output=True, text=True).stdout
    for page in text.split("\f"):
        lines = [l for l in page.splitlines() if l.strip()]
        folio = lines[-1].strip() if lines else ""
        yield folio, lines[:-1]


def main():
    pdf, min_entries = sys.argv[1], int(sys.argv[2])
    cited = {}   # entry number -> folios of the pages citing it, in order
    shown = {}   # entry number -> folios the bibliography shows
    entry = None
    for folio, lines in pages(pdf):
        for line in lines:
            m = ENTRY.match(line)
            if m:
                entry = int(m.group(1))
            b = BACK.search(line)
            if b and entry is not None:
                shown[entry] = b.group(1).split()
                entry = None
                continue
            if folio.isdigit():  # "[Internet]" in entries never matches
                for c in CITE.finditer(line):
                    for n in c.group(1).split(", "):
                        cited.setdefault(int(n), []).append(folio)
    if len(shown) < min_entries:
        print(f"pdf backrefs: {len(shown)} entries with page numbers, "
              f"expected at least {min_entries}")
        return 1
    for n in sorted(shown):
        if shown[n] != cited.get(n, []):
            print(f"pdf backrefs: entry {n} shows pages {shown[n]}, but it "
                  f"is cited on pages {cited.get(n, [])}")
            return 1
    print(f"pdf backrefs: {len(shown)} entries, each showing the pages "
          "that cite it")
    return 0


if __name__ == "__main__":
    sys.exit(main())
