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

HEADINGS = {"H", "H1", "H2", "H3", "H4", "H5", "H6"}
TEXT_OPS = {"Tj", "TJ", "'", '"'}


def mul(a, b):
    """The product of two PDF matrices [a b c d e f]."""
    return [a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3],
            a[2] * b[0] + a[3] * b[2], a[2] * b[1] + a[3] * b[3],
            a[4] * b[0] + a[5] * b[2] + b[4],
            a[4] * b[1] + a[5] * b[3] + b[5]]


def page_marks(page):
    """(mcid -> [device y of each text operation], mcid -> text) of a
    page's marked content."""
    ys, texts = {}, {}
    ctm, stack, marks = [1, 0, 0, 1, 0, 0], [], []
    tm = lm = [1, 0, 0, 1, 0, 0]
    leading = 0.0
    for operands, op in pikepdf.parse_content_stream(page):
        op = str(op)
        args = [float(x) for x in operands] \
            if op in ("cm", "Tm", "Td", "TD", "TL") else []
        if op == "q":
            stack.append(ctm)
        elif op == "Q":
            ctm = stack.pop() if stack else ctm
        elif op == "cm":
            ctm = mul(args, ctm)
        elif op == "BT":
            tm = lm = [1, 0, 0, 1, 0, 0]
        elif op == "Tm":
            tm = lm = args
        elif op in ("Td", "TD"):
            lm = tm = mul([1, 0, 0, 1, args[0], args[1]], lm)
            if op == "TD":
                leading = -args[1]
        elif op == "TL":
            leading = args[0]
        elif op in ("T*", "'", '"'):
            lm = tm = mul([1, 0, 0, 1, 0, -leading], lm)
        elif op in ("BDC", "BMC"):
            mcid = None
            if op == "BDC" and isinstance(operands[1], Dictionary) and \
                    "/MCID" in operands[1]:
                mcid = int(operands[1].MCID)
            marks.append(mcid)
        elif op == "EMC":
            if marks:
                marks.pop()
        if op in TEXT_OPS:
            mcid = next((m for m in reversed(marks) if m is not None), None)
            if mcid is None:
                continue
            y = mul(tm, ctm)[5]
            ys.setdefault(mcid, []).append(y)
            s = operands[-1]
            if isinstance(s, Array):
                s = b"".join(bytes(x) for x in s
                             if isinstance(x, pikepdf.String))
            else:
                s = bytes(s)
            texts[mcid] = texts.get(mcid, "") + s.decode("latin-1")
    return ys, texts


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
            for y in self.marks[pg][0].get(mcid, []):
                ys.add(round(y))
        return len(ys)

    def text(self, items):
        return "".join(self.marks[pg][1].get(m, "") for pg, m in items)

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
