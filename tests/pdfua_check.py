#!/usr/bin/python3
"""pdfua_check.py FILE.pdf... - the machine-checkable part of PDF/UA-1
(ISO 14289-1) that applies to octavo's PDFs: the Matterhorn Protocol's
failure conditions a program can test, and the structure octavo promises
(octavo(1), PDF/UA).

    pdfua_check.py FILE.pdf...          one line per failure, then a count
                                        per rule; exit 1 if any failed
    pdfua_check.py --summary FILE.pdf   only the counts per rule

Each failure reads "FILE: page N: RULE: what", where RULE is the
Matterhorn checkpoint (two digits) and a short name.  The rules:

  content (Matterhorn 01)
    01 untagged       a text, path, shading or image operation outside
                      both tagged marked content (an MCID that the
                      structure tree claims) and an /Artifact
    01 artifact-in-tagged, 01 tagged-in-artifact   the two nested
    01 mcid-orphan    an MCID no structure element claims (ParentTree)
    01 marked         /MarkInfo /Marked is not true, or /Suspects is
  structure (02, 09, 14, 19, the issue's own)
    02 rolemap        a structure type neither standard nor role mapped
                      to one, or a standard one mapped again
    09 parent         an element under a parent it may not have: TOCI
                      outside TOC, LI outside L, Lbl/LBody outside LI,
                      TR outside Table/THead/TBody/TFoot, TH/TD outside TR
    09 children       a TOC, L, LI, Table or TR holding what it may not
    09 lbody          an LI without an LBody
    09 toci           a TOCI without a Reference or Link that holds text
    13 figure-alt     a Figure without /Alt (or /ActualText)
    13 figure-bbox    a Figure without a Layout /BBox
    14 first-heading  the first numbered heading is not H1
    14 skipped-level  a heading more than one level deeper than the last
    15 th-scope       a TH without /Scope (octavo uses no /Headers)
    19 note-id        a Note without an /ID, or two elements with one ID
    28 link-text      a Link element that holds no text of its own
  language (11)
    11 lang           no /Lang in the catalog, or a /Lang that is not a
                      well-formed BCP 47 tag
  metadata (06, 07)
    06 xmp            no XMP metadata stream, or not well-formed
    06 pdfuaid        no pdfuaid:part 1 in it
    06 dc-title       no dc:title in it
    07 display-title  /ViewerPreferences /DisplayDocTitle is not true
  annotations (28)
    28 annot-struct   an annotation no structure element holds (OBJR)
    28 link-elem      a Link annotation held by something else than Link
    28 contents       a Link annotation without /Contents
    28 tabs           a page with annotations and without /Tabs /S
  fonts (31)
    31 embedded       a font (not Type 3) without an embedded font file
    31 tounicode      a font without ToUnicode (simple fonts with a
                      standard encoding excepted)

Not checked, because no program can: whether alt texts say what the
picture shows, whether the reading order makes sense, whether colour
carries meaning alone, whether headings say what follows them.

Reads the file with pikepdf (qpdf); nothing of octavo's own.
"""
import re
import sys
import xml.etree.ElementTree as ET

import pikepdf
from pikepdf import Array, Dictionary, Name

from pdfmarks import op_text

STANDARD = set("""Document Part Art Sect Div BlockQuote Caption TOC TOCI
Index NonStruct Private P H H1 H2 H3 H4 H5 H6 L LI Lbl LBody Table TR TH TD
THead TBody TFoot Span Quote Note Reference BibEntry Code Link Annot Ruby
RB RT RP Warichu WT WP Figure Formula Form""".split())

TEXT_OPS = {"Tj", "TJ", "'", '"'}
PAINT_OPS = TEXT_OPS | {"S", "s", "f", "F", "f*", "B", "B*", "b", "b*",
                        "sh", "Do", "INLINE IMAGE", "BI"}

# BCP 47, well-formedness only (RFC 5646, 2.1): language, script, region,
# variants, extensions, private use; or a private-use tag alone
LANG = re.compile(r"""^(?:
    [A-Za-z]{2,3}(?:-[A-Za-z]{3}){0,3} | [A-Za-z]{4,8})
    (?:-[A-Za-z]{4})?
    (?:-(?:[A-Za-z]{2}|[0-9]{3}))?
    (?:-(?:[A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}))*
    (?:-[0-9A-WY-Za-wy-z](?:-[A-Za-z0-9]{2,8})+)*
    (?:-[xX](?:-[A-Za-z0-9]{1,8})+)?$
  | ^[xX](?:-[A-Za-z0-9]{1,8})+$""", re.X)

NS = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "pdfuaid": "http://www.aiim.org/pdfua/ns/id/",
}


def dvalues(d):
    """The values of a PDF dictionary, or none."""
    return [v for _, v in d.items()] if isinstance(d, Dictionary) else []


class Check:
    def __init__(self, path):
        self.path = path
        self.failures = []  # (page or 0, rule, text)
        self.pdf = pikepdf.open(path)
        self.root = self.pdf.Root
        self.pages = list(self.pdf.pages)
        self.page_no = {p.obj.objgen: i + 1 for i, p in enumerate(self.pages)}
        self.rolemap = {}
        # (page objgen, mcid) -> number of text operations inside it
        self.mcid_text = {}
        self.claimed = set()  # (page objgen, mcid) the tree holds
        self.parent_tree = {}  # StructParents number -> value

    def fail(self, page, rule, text, weight=1):
        """weight: how many operations or objects the failure stands for
        (the counts per rule add them up)."""
        self.failures.append((page, rule, text, weight))

    # ------------------------------------------------------------ helpers

    def role(self, s):
        """The standard type a structure type stands for."""
        seen = set()
        while s not in STANDARD and s in self.rolemap and s not in seen:
            seen.add(s)
            s = self.rolemap[s]
        return s

    def page_of(self, d):
        pg = d.get("/Pg")
        return self.page_no.get(pg.objgen, 0) if pg is not None else 0

    # -------------------------------------------------------- the catalog

    def catalog(self):
        mi = self.root.get("/MarkInfo")
        if mi is None or not bool(mi.get("/Marked", False)):
            self.fail(0, "01 marked", "/MarkInfo /Marked is not true")
        elif bool(mi.get("/Suspects", False)):
            self.fail(0, "01 marked", "/MarkInfo /Suspects is true")
        vp = self.root.get("/ViewerPreferences")
        if vp is None or not bool(vp.get("/DisplayDocTitle", False)):
            self.fail(0, "07 display-title",
                      "/ViewerPreferences /DisplayDocTitle is not true")
        lang = self.root.get("/Lang")
        if lang is None:
            self.fail(0, "11 lang", "no /Lang in the catalog")
        else:
            self.lang(0, str(lang), "the catalog")

    def lang(self, page, value, where):
        if not LANG.match(value):
            self.fail(page, "11 lang",
                      f"{where}: /Lang {value!r} is not a BCP 47 tag")

    def metadata(self):
        m = self.root.get("/Metadata")
        if m is None or not isinstance(m, pikepdf.Stream):
            self.fail(0, "06 xmp", "no XMP metadata stream in the catalog")
            return
        try:
            x = ET.fromstring(m.read_bytes())
        except ET.ParseError as e:
            self.fail(0, "06 xmp", f"the XMP is not well-formed: {e}")
            return

        def values(ns, name):
            out = []
            for d in x.iter(f"{{{NS['rdf']}}}Description"):
                a = d.get(f"{{{NS[ns]}}}{name}")
                if a is not None:
                    out.append(a)
                for e in d.iter(f"{{{NS[ns]}}}{name}"):
                    out.append("".join(e.itertext()).strip())
            return out
        if "1" not in values("pdfuaid", "part"):
            self.fail(0, "06 pdfuaid", "the XMP has no pdfuaid:part 1")
        if not any(values("dc", "title")):
            self.fail(0, "06 dc-title", "the XMP has no dc:title")

    # --------------------------------------------------- the content walk

    def content(self):
        for i, page in enumerate(self.pages):
            self.page_content(i + 1, page)

    def page_content(self, n, page):
        og = page.obj.objgen
        stack = []  # (is_artifact, mcid or None)
        counts = {"untagged": 0, "a-in-t": 0, "t-in-a": 0}
        first = {}
        for operands, op in pikepdf.parse_content_stream(page):
            op = str(op)
            if op in ("BMC", "BDC"):
                tag = str(operands[0])
                mcid = None
                if op == "BDC" and isinstance(operands[1], Dictionary):
                    props = operands[1]
                    if "/MCID" in props:
                        mcid = int(props.MCID)
                    if "/Lang" in props:
                        self.lang(n, str(props.Lang), "marked content")
                stack.append((tag == "/Artifact", mcid))
                continue
            if op == "EMC":
                if stack:
                    stack.pop()
                continue
            if op not in PAINT_OPS:
                continue
            art = [i for i, (a, _) in enumerate(stack) if a]
            tagged = [i for i, (_, m) in enumerate(stack) if m is not None]
            if not art and not tagged:
                kind = "untagged"
            elif art and tagged:
                kind = "a-in-t" if tagged[0] < art[0] else "t-in-a"
            else:
                kind = None
            if kind:
                counts[kind] += 1
                if kind not in first:
                    first[kind] = self.describe(op, operands)
            if tagged and op in TEXT_OPS:
                key = (og, stack[tagged[-1]][1])
                self.mcid_text[key] = self.mcid_text.get(key, 0) + 1
            elif tagged:
                self.mcid_text.setdefault((og, stack[tagged[-1]][1]), 0)
        names = {"untagged": ("01 untagged", "outside tagged content and "
                              "outside any /Artifact"),
                 "a-in-t": ("01 artifact-in-tagged", "an /Artifact inside "
                            "tagged content"),
                 "t-in-a": ("01 tagged-in-artifact", "tagged content "
                            "inside an /Artifact")}
        for kind, c in counts.items():
            if c:
                rule, what = names[kind]
                self.fail(n, rule, f"{c} operations {what}, the first "
                          f"{first[kind]}", c)

    @staticmethod
    def describe(op, operands):
        if op in TEXT_OPS:
            text = op_text(operands)
            text = "".join(c if c.isprintable() else "." for c in text)
            return f"{op} {text[:40]!r}"
        return op

    # ------------------------------------------------------ the structure

    def structure(self):
        tree = self.root.get("/StructTreeRoot")
        if tree is None:
            self.fail(0, "01 marked", "no structure tree")
            return
        rm = tree.get("/RoleMap")
        if rm is not None:
            for k, v in rm.items():
                self.rolemap[k[1:]] = str(v)[1:]
        for k, v in self.rolemap.items():
            if k in STANDARD:
                self.fail(0, "02 rolemap",
                          f"the standard type {k} is mapped to {v}")
        pt = tree.get("/ParentTree")
        if pt is not None:
            self.read_number_tree(pt)
        self.ids = {}
        self.headings = []
        self.walk(tree.get("/K"), None, 0)
        self.check_headings()
        self.check_orphans()

    def read_number_tree(self, node, depth=0):
        if depth > 32:
            return
        nums = node.get("/Nums")
        if nums is not None:
            for i in range(0, len(nums) - 1, 2):
                self.parent_tree[int(nums[i])] = nums[i + 1]
        for kid in node.get("/Kids", []):
            self.read_number_tree(kid, depth + 1)

    def walk(self, k, parent, depth):
        """Every element under k (an element, an array, or a leaf)."""
        if k is None or depth > 200:
            return
        if isinstance(k, Array):
            for item in k:
                self.walk(item, parent, depth)
            return
        if not isinstance(k, Dictionary):
            return
        t = k.get("/Type")
        if t == Name.MCR or t == Name.OBJR:
            return
        if "/S" not in k:
            return
        self.element(k, parent)
        self.walk(k.get("/K"), k, depth + 1)

    def kids(self, e):
        """e's kids: elements (dicts with /S), ints (MCIDs), MCR, OBJR."""
        k = e.get("/K")
        if k is None:
            return []
        return list(k) if isinstance(k, Array) else [k]

    def child_types(self, e):
        return [self.role(str(c.S)[1:]) for c in self.kids(e)
                if isinstance(c, Dictionary) and "/S" in c]

    def holds_text(self, e, depth=0):
        """Whether e or an element under it marks content with text."""
        if depth > 100:
            return False
        pg = e.get("/Pg")
        for c in self.kids(e):
            if isinstance(c, int) or (hasattr(c, "__int__") and
                                      not isinstance(c, Dictionary)):
                if pg is not None and self.mcid_text.get(
                        (pg.objgen, int(c)), 0):
                    return True
            elif isinstance(c, Dictionary):
                if c.get("/Type") == Name.MCR:
                    cpg = c.get("/Pg", pg)
                    if cpg is not None and self.mcid_text.get(
                            (cpg.objgen, int(c.MCID)), 0):
                        return True
                elif "/S" in c and self.holds_text(c, depth + 1):
                    return True
        return False

    def element(self, e, parent):
        s = str(e.S)[1:]
        t = self.role(s)
        n = self.page_of(e)
        where = f"{s}" + (f" (as {t})" if t != s else "")
        if t not in STANDARD:
            self.fail(n, "02 rolemap",
                      f"{s} is neither standard nor role mapped to it")
        pt = self.role(str(parent.S)[1:]) if parent is not None else None
        self.claim(e)
        if "/Lang" in e:
            self.lang(n, str(e.Lang), where)
        if "/ID" in e:
            i = bytes(e.ID)
            if i in self.ids:
                self.fail(n, "19 note-id", f"two elements have the ID {i!r}")
            self.ids[i] = e
        kinds = self.child_types(e)
        allowed_parents = {
            "TOCI": {"TOC"}, "LI": {"L"}, "Lbl": {"LI"}, "LBody": {"LI"},
            "TR": {"Table", "THead", "TBody", "TFoot"}, "TH": {"TR"},
            "TD": {"TR"}, "THead": {"Table"}, "TBody": {"Table"},
            "TFoot": {"Table"},
        }
        if t in allowed_parents and pt not in allowed_parents[t]:
            self.fail(n, "09 parent", f"{where} inside {pt}")
        allowed_kids = {
            "TOC": {"TOC", "TOCI", "Caption"},
            "L": {"L", "LI", "Caption"},
            "LI": {"Lbl", "LBody"},
            "Table": {"TR", "THead", "TBody", "TFoot", "Caption"},
            "THead": {"TR"}, "TBody": {"TR"}, "TFoot": {"TR"},
            "TR": {"TH", "TD"},
        }
        if t in allowed_kids:
            bad = [k for k in kinds if k not in allowed_kids[t]]
            if bad:
                self.fail(n, "09 children", f"{where} holds {bad[0]}")
        if t == "LI" and "LBody" not in kinds:
            self.fail(n, "09 lbody", f"an LI without an LBody")
        if t == "TOCI":
            refs = [c for c in self.kids(e) if isinstance(c, Dictionary)
                    and "/S" in c and self.role(str(c.S)[1:]) in
                    ("Reference", "Link")]
            if not any(self.holds_text(r) for r in refs):
                self.fail(n, "09 toci", "a TOCI without a Reference or "
                          "Link that holds text")
        if t == "Figure":
            self.figure(n, e)
        if t == "TH" and self.attr(e, "/Table", "/Scope") is None:
            self.fail(n, "15 th-scope", "a TH without /Scope")
        if t == "Note" and "/ID" not in e:
            self.fail(n, "19 note-id", "a Note without an /ID")
        if t == "Link" and not self.holds_text(e):
            self.fail(n, "28 link-text", "a Link element with no text")
        if re.fullmatch(r"H[1-6]", t):
            self.headings.append((n, int(t[1])))

    def attr(self, e, owner, key):
        a = e.get("/A")
        if a is None:
            return None
        for d in (list(a) if isinstance(a, Array) else [a]):
            if isinstance(d, Dictionary) and d.get("/O") == Name(owner) \
                    and key in d:
                return d[key]
        return None

    def figure(self, n, e):
        if "/Alt" not in e and "/ActualText" not in e:
            self.fail(n, "13 figure-alt", "a Figure without /Alt")
        elif not str(e.get("/Alt", e.get("/ActualText"))).strip():
            self.fail(n, "13 figure-alt", "a Figure with an empty /Alt")
        bb = self.attr(e, "/Layout", "/BBox")
        if bb is None or len(bb) != 4:
            self.fail(n, "13 figure-bbox", "a Figure without a /BBox")

    def claim(self, e):
        """Notes the MCIDs e holds, and checks them against ParentTree."""
        pg = e.get("/Pg")
        for c in self.kids(e):
            if isinstance(c, Dictionary):
                if c.get("/Type") != Name.MCR:
                    continue
                cpg, mcid = c.get("/Pg", pg), int(c.MCID)
            elif isinstance(c, (pikepdf.Object,)) and not isinstance(
                    c, (Array, Dictionary)):
                cpg, mcid = pg, int(c)
            elif isinstance(c, int):
                cpg, mcid = pg, c
            else:
                continue
            if cpg is None:
                self.fail(0, "01 mcid-orphan", "an MCID with no page")
                continue
            self.claimed.add((cpg.objgen, mcid))

    def check_orphans(self):
        for (og, mcid), _ in sorted(self.mcid_text.items()):
            if (og, mcid) not in self.claimed:
                self.fail(self.page_no.get(og, 0), "01 mcid-orphan",
                          f"MCID {mcid} is held by no structure element")
        # and the ParentTree must lead back to the element for each MCID
        for i, page in enumerate(self.pages):
            sp = page.obj.get("/StructParents")
            marked = [m for (og, m) in self.mcid_text
                      if og == page.obj.objgen]
            if not marked:
                continue
            arr = self.parent_tree.get(int(sp)) if sp is not None else None
            if arr is None:
                self.fail(i + 1, "01 mcid-orphan", "a page with marked "
                          "content and no ParentTree entry")
                continue
            for m in marked:
                if m >= len(arr) or not isinstance(arr[m], Dictionary):
                    self.fail(i + 1, "01 mcid-orphan",
                              f"MCID {m} has no element in the ParentTree")

    def check_headings(self):
        last = 0
        for n, level in self.headings:
            if last == 0 and level != 1:
                self.fail(n, "14 first-heading",
                          f"the first heading is H{level}, not H1")
            elif level > last + 1 and last:
                self.fail(n, "14 skipped-level",
                          f"H{level} follows H{last}")
            last = level

    # ------------------------------------------------------- annotations

    def annotations(self):
        for i, page in enumerate(self.pages):
            annots = page.obj.get("/Annots")
            if not annots:
                continue
            if page.obj.get("/Tabs") != Name.S:
                self.fail(i + 1, "28 tabs",
                          "a page with annotations and no /Tabs /S")
            for a in annots:
                self.annotation(i + 1, a)

    def annotation(self, n, a):
        sub = a.get("/Subtype")
        if sub in (Name.Popup, Name.PrinterMark):
            return
        sp = a.get("/StructParent")
        elem = self.parent_tree.get(int(sp)) if sp is not None else None
        if not isinstance(elem, Dictionary) or "/S" not in elem:
            self.fail(n, "28 annot-struct",
                      f"a {sub} annotation no structure element holds")
        elif sub == Name.Link and self.role(str(elem.S)[1:]) != "Link":
            self.fail(n, "28 link-elem",
                      f"a Link annotation held by {str(elem.S)[1:]}")
        if not str(a.get("/Contents", "")).strip():
            self.fail(n, "28 contents", f"a {sub} annotation without "
                      "/Contents")

    # ------------------------------------------------------------ fonts

    def fonts(self):
        seen = set()
        for i, page in enumerate(self.pages):
            self.font_resources(i + 1, page.obj.get("/Resources"), seen, 0)

    def font_resources(self, n, res, seen, depth):
        if res is None or depth > 8:
            return
        for f in dvalues(res.get("/Font")):
            if f.objgen in seen and f.objgen != (0, 0):
                continue
            seen.add(f.objgen)
            self.font(n, f)
        for x in dvalues(res.get("/XObject")):
            if x.objgen in seen and x.objgen != (0, 0):
                continue
            seen.add(x.objgen)
            if x.get("/Subtype") == Name.Form:
                self.font_resources(n, x.get("/Resources"), seen, depth + 1)
        for p in dvalues(res.get("/Pattern")):
            if isinstance(p, pikepdf.Stream):
                self.font_resources(n, p.get("/Resources"), seen, depth + 1)

    def font(self, n, f):
        sub = f.get("/Subtype")
        name = str(f.get("/BaseFont", sub))
        if sub == Name.Type3:
            self.font_resources(n, f.get("/Resources"), set(), 1)
        else:
            d = f
            if sub == Name.Type0:
                d = f.DescendantFonts[0]
            fd = d.get("/FontDescriptor")
            if fd is None or not any(k in fd for k in
                                     ("/FontFile", "/FontFile2",
                                      "/FontFile3")):
                self.fail(n, "31 embedded", f"the font {name} is not "
                          "embedded")
        if "/ToUnicode" not in f:
            enc = f.get("/Encoding")
            std = enc in (Name.WinAnsiEncoding, Name.MacRomanEncoding,
                          Name.StandardEncoding) and sub != Name.Type0
            if not std:
                self.fail(n, "31 tounicode", f"the font {name} has no "
                          "ToUnicode")

    def run(self):
        self.catalog()
        self.metadata()
        self.content()
        self.structure()
        self.annotations()
        self.fonts()
        return self.failures


def main(argv):
    summary = "--summary" in argv
    files = [a for a in argv if a != "--summary"]
    if not files:
        sys.exit(__doc__.split("\n\n")[1])
    bad = 0
    for path in files:
        try:
            failures = Check(path).run()
        except (pikepdf.PdfError, OSError) as e:
            print(f"{path}: cannot read: {e}")
            bad += 1
            continue
        counts = {}
        for page, rule, text, weight in failures:
            counts[rule] = counts.get(rule, 0) + weight
            if not summary:
                where = f"page {page}: " if page else ""
                print(f"{path}: {where}{rule}: {text}")
        for rule, c in sorted(counts.items()):
            print(f"{path}: {c} x {rule}")
        if failures:
            bad += 1
        else:
            print(f"{path}: PDF/UA-1 machine checks passed")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main(sys.argv[1:])
