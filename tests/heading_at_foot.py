#!/usr/bin/python3
"""heading_at_foot.py FILE.pdf...: no heading ends a page of the PDF.

Reads the PDF's structure tree (pikepdf; nothing of octavo's own): the
marked content of every element in reading order, with the page it is on
and the baselines of its text (from the page's content stream).  For each
heading (H, H1..H6), what follows it up to the next heading must start on
the heading's page with at least two lines of text there (or all of it,
when it has fewer).  Prints each heading that breaks the rule as
"FILE: page N: heading 'TEXT' ends the page (K lines of what follows on
it)"; then one count line per file.  Exit 1 if any does, 2 if a file has
no structure tree or no headings (nothing would have been checked)."""
import sys

import pikepdf
from pikepdf import Array, Dictionary, Name

from pdfmarks import page_marks

HEADINGS = {"H", "H1", "H2", "H3", "H4", "H5", "H6"}


class Book:
    def __init__(self, path):
        self.path = path
        self.pdf = pikepdf.open(path)
        self.page_no = {p.obj.objgen: i + 1
                        for i, p in enumerate(self.pdf.pages)}
        self.marks = {p.obj.objgen: page_marks(p) for p in self.pdf.pages}
        # reading order: (page number, mcid, heading index or None)
        self.seq = []
        self.heads = []  # the structure type of each heading

    def walk(self, e, pg, head, depth=0):
        if depth > 200:
            return
        if isinstance(e, Array):
            for k in e:
                self.walk(k, pg, head, depth)
            return
        if isinstance(e, Dictionary):
            if e.get("/Type") == Name.OBJR:
                return
            if e.get("/Type") == Name.MCR:
                cpg = e.get("/Pg", pg)
                if cpg is not None:
                    self.seq.append((cpg.objgen, int(e.MCID), head))
                return
            if "/S" not in e:
                return
            s = str(e.S)[1:]
            if s in HEADINGS and head is None:
                self.heads.append(s)
                head = len(self.heads) - 1
            self.walk(e.get("/K"), e.get("/Pg", pg), head, depth + 1)
            return
        try:
            mcid = int(e)
        except (TypeError, ValueError):
            return
        if pg is not None:
            self.seq.append((pg.objgen, mcid, head))

    def lines(self, items):
        """Distinct baselines of the text of items (page, mcid) pairs."""
        ys = set()
        for pg, mcid in items:
            m = self.marks[pg].get(mcid)
            for y in m.ys if m else []:
                ys.add(round(y))
        return len(ys)

    def text(self, items):
        return "".join(self.marks[pg][mcid].text
                       for pg, mcid in items if mcid in self.marks[pg])

    def check(self):
        tree = self.pdf.Root.get("/StructTreeRoot")
        if tree is None:
            print(f"{self.path}: no structure tree")
            return None
        self.walk(tree.get("/K"), None, None)
        if not self.heads:
            print(f"{self.path}: no headings")
            return None
        bad = 0
        i = 0
        while i < len(self.seq):
            h = self.seq[i][2]
            if h is None:
                i += 1
                continue
            own = []
            while i < len(self.seq) and self.seq[i][2] == h:
                own.append(self.seq[i][:2])
                i += 1
            after = []
            j = i
            while j < len(self.seq) and self.seq[j][2] is None:
                after.append(self.seq[j][:2])
                j += 1
            after = [a for a in after if self.lines([a])]
            if not own or not after:
                continue
            if h == 0 and self.page_no[own[0][0]] == 1:
                continue  # the title page's title
            page = own[-1][0]
            here = [a for a in after if a[0] == page]
            need = min(2, self.lines(after))
            if self.lines(here) < need:
                bad += 1
                print(f"{self.path}: page {self.page_no[page]}: heading "
                      f"{self.text(own)[:60]!r} ends the page "
                      f"({self.lines(here)} lines of what follows on it)")
        print(f"{self.path}: {len(self.pdf.pages)} pages, "
              f"{len(self.heads)} headings, {bad} at the foot of a page")
        return bad


def main():
    if len(sys.argv) < 2:
        print(__doc__.strip().split("\n")[0], file=sys.stderr)
        return 2
    status = 0
    for path in sys.argv[1:]:
        bad = Book(path).check()
        if bad is None:
            status = 2
        elif bad and status == 0:
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
