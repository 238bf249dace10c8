#!/usr/bin/python3
"""pdfua_selftest.py DIR - pdfua_check.py against small PDFs made here by
hand: one that meets every rule, then one for each rule that breaks it
once and nothing else.  Each must fail with exactly that rule (and the
good one with none); the PDFs are left in DIR for a look.

The good PDF: one page with a running head (an /Artifact), H1, H2, a list
(L > LI > Lbl + LBody > P), a contents entry (TOC > TOCI > Link with its
text and a Link annotation), a paragraph with a link, a table (TR > TH
with /Scope, TD), a figure (a filled square, /Alt, /BBox) and a note
with an /ID; a Type 3 font with ToUnicode; XMP with dc:title and
pdfuaid:part 1.
"""
import os
import subprocess
import sys

import pikepdf
from pikepdf import Array, Dictionary, Name, String

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pdfua_check  # noqa: E402

XMP = """<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"
  xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
{title}{part}
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""
TITLE = ("<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">Self-test"
         "</rdf:li></rdf:Alt></dc:title>")
PART = "<pdfuaid:part>1</pdfuaid:part>"

# A: the one glyph of the font, a square; MCIDs 0..9 in order
SHOW = "BT /F1 12 Tf 20 {y} Td (A) Tj ET"
CONTENT = [
    ("/Artifact <</Type /Pagination /Subtype /Header>> BDC", 190),
    ("/H1 <</MCID 0>> BDC", 175),
    ("/H2 <</MCID 1>> BDC", 160),
    ("/Lbl <</MCID 2>> BDC", 145),
    ("/P <</MCID 3>> BDC", 130),
    ("/Link <</MCID 4>> BDC", 115),
    ("/P <</MCID 5>> BDC", 100),
    ("/Link <</MCID 6>> BDC", 85),
    ("/TH <</MCID 7>> BDC", 70),
    ("/TD <</MCID 8>> BDC", 55),
    ("/Note <</MCID 10>> BDC", 40),
]
FIGURE = "/Figure <</MCID 9>> BDC 150 20 20 20 re f EMC"


def content(lines=CONTENT, figure=FIGURE, extra=""):
    out = [f"{bdc} {SHOW.format(y=y)} EMC" for bdc, y in lines]
    return ("\n".join(out) + "\n" + figure + "\n" + extra).encode()


def font(pdf):
    glyph = pdf.make_stream(b"1000 0 0 0 750 750 d1 0 0 750 750 re f")
    cmap = pdf.make_stream(b"""/CIDInit /ProcSet findresource begin
12 dict begin begincmap /CMapName /Self def
1 begincodespacerange <00> <FF> endcodespacerange
1 beginbfchar <41> <0041> endbfchar
endcmap CMapName currentdict /CMap defineresource pop end end""")
    return pdf.make_indirect(Dictionary(
        Type=Name.Font, Subtype=Name.Type3,
        FontBBox=Array([0, 0, 750, 750]),
        FontMatrix=Array([0.001, 0, 0, 0.001, 0, 0]),
        CharProcs=Dictionary(a=glyph),
        Encoding=Dictionary(Type=Name.Encoding,
                            Differences=Array([65, Name.a])),
        FirstChar=65, LastChar=65, Widths=Array([1000]),
        Resources=Dictionary(), ToUnicode=cmap))


def elem(pdf, s, parent, page, k, **more):
    e = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name("/" + s),
                                     P=parent, Pg=page, **more))
    e.K = k if isinstance(k, Array) else Array(k if isinstance(k, list)
                                               else [k])
    return e


def good():
    """The PDF that meets every rule, and its elements by name."""
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(200, 200))
    page = pdf.pages[0].obj
    page.Resources = Dictionary(Font=Dictionary(F1=font(pdf)))
    page.Contents = pdf.make_stream(content())
    page.StructParents = 0
    page.Tabs = Name.S
    root = pdf.Root
    tree = pdf.make_indirect(Dictionary(Type=Name.StructTreeRoot))
    root.StructTreeRoot = tree
    doc = elem(pdf, "Document", tree, page, [])
    tree.K = doc
    e = {"doc": doc, "page": page, "tree": tree}

    def add(name, s, parent, k, **more):
        e[name] = elem(pdf, s, parent, page, k, **more)
        parent.K.append(e[name])
        return e[name]
    add("h1", "H1", doc, 0)
    add("h2", "H2", doc, 1)
    add("l", "L", doc, [])
    add("li", "LI", e["l"], [])
    add("lbl", "Lbl", e["li"], 2)
    add("lbody", "LBody", e["li"], [])
    add("p", "P", e["lbody"], 3)
    add("toc", "TOC", doc, [])
    add("toci", "TOCI", e["toc"], [])
    add("tlink", "Link", e["toci"], 4)
    add("para", "P", doc, 5)
    add("link", "Link", e["para"], 6)
    add("table", "Table", doc, [])
    add("tr", "TR", e["table"], [])
    add("th", "TH", e["tr"], 7,
        A=Dictionary(O=Name.Table, Scope=Name.Column))
    add("td", "TD", e["tr"], 8)
    add("fig", "Figure", doc, 9, Alt=String("A black square"),
        A=Dictionary(O=Name.Layout, BBox=Array([150, 20, 170, 40])))
    add("note", "Note", doc, 10, ID=String("note-1"))
    annots = Array()
    for i, (name, y) in enumerate((("tlink", 115), ("link", 85))):
        a = pdf.make_indirect(Dictionary(
            Type=Name.Annot, Subtype=Name.Link,
            Rect=Array([20, y, 32, y + 12]), Border=Array([0, 0, 0]),
            Contents=String("Go to the note"), StructParent=1 + i,
            Dest=Array([page, Name.XYZ, 0, 40, 0])))
        annots.append(a)
        e[name].K.append(Dictionary(Type=Name.OBJR, Obj=a, Pg=page))
        e["annot" + str(i)] = a
    page.Annots = annots
    order = ["h1", "h2", "lbl", "p", "tlink", "para", "link", "th", "td",
             "fig", "note"]
    tree.ParentTree = pdf.make_indirect(Dictionary(Nums=Array([
        0, Array([e[n] for n in order]), 1, e["tlink"], 2, e["link"]])))
    tree.ParentTreeNextKey = 3
    tree.IDTree = Dictionary(Names=Array([String("note-1"), e["note"]]))
    root.MarkInfo = Dictionary(Marked=True)
    root.ViewerPreferences = Dictionary(DisplayDocTitle=True)
    root.Lang = String("en-GB")
    root.Metadata = pdf.make_stream(
        XMP.format(title=TITLE, part=PART).encode(),
        Type=Name.Metadata, Subtype=Name.XML)
    return pdf, e


def drop(e, parent, kid):
    """Takes kid (an element) out of parent's /K."""
    parent.K = Array([k for k in parent.K if not (
        isinstance(k, Dictionary) and k.objgen == kid.objgen)])


def set_content(pdf, e, **kw):
    e["page"].Contents = pdf.make_stream(content(**kw))


def m_untagged(pdf, e):
    set_content(pdf, e, extra=SHOW.format(y=5))


def m_artifact_in_tagged(pdf, e):
    lines = list(CONTENT)
    lines[1] = ("/H1 <</MCID 0>> BDC /Artifact BMC", 175)
    set_content(pdf, e, lines=lines, extra="EMC")


def m_tagged_in_artifact(pdf, e):
    lines = list(CONTENT)
    lines[1] = ("/Artifact BMC /H1 <</MCID 0>> BDC", 175)
    set_content(pdf, e, lines=lines, extra="EMC")


def m_mcid_orphan(pdf, e):
    drop(e, e["doc"], e["h2"])


def m_marked(pdf, e):
    pdf.Root.MarkInfo.Marked = False


def m_rolemap(pdf, e):
    e["h2"].S = Name("/Subheading")


def m_parent(pdf, e):
    drop(e, e["doc"], e["toc"])
    e["doc"].K.append(e["toci"])
    e["toci"].P = e["doc"]


def m_children(pdf, e):
    e["lbody"].K = Array()
    e["l"].K.append(e["p"])
    e["p"].P = e["l"]


def m_lbody(pdf, e):
    drop(e, e["li"], e["lbody"])
    e["doc"].K.append(e["p"])
    e["p"].P = e["doc"]


def m_toci(pdf, e):
    # the contents entry's text belongs to a P beside a Link without text
    p = elem(pdf, "P", e["toci"], e["page"], 4)
    e["tlink"].K = Array([k for k in e["tlink"].K if isinstance(k, Dictionary)])
    e["toci"].K = Array([p])
    e["doc"].K.append(e["tlink"])
    e["tlink"].P = e["doc"]
    e["tlink"].S = Name.Reference  # a Reference may hold no text
    e["annot0"].Subtype = Name.Widget  # held by it, not a Link's
    e["annot0"].Contents = String("Entry")
    pdf.Root.StructTreeRoot.ParentTree.Nums[1][4] = p


def m_figure_alt(pdf, e):
    del e["fig"].Alt


def m_figure_bbox(pdf, e):
    del e["fig"].A


def m_first_heading(pdf, e):
    drop(e, e["doc"], e["h1"])
    e["doc"].K.append(e["h1"])  # H2 comes first now


def m_skipped_level(pdf, e):
    e["h2"].S = Name.H3


def m_th_scope(pdf, e):
    del e["th"].A


def m_note_id(pdf, e):
    del e["note"].ID


def m_note_id_twice(pdf, e):
    e["h2"].ID = String("note-1")


def m_link_text(pdf, e):
    e["link"].K = Array([k for k in e["link"].K
                         if isinstance(k, Dictionary)])
    e["para"].K.append(6)
    pdf.Root.StructTreeRoot.ParentTree.Nums[1][6] = e["para"]


def m_lang(pdf, e):
    pdf.Root.Lang = String("en_GB")


def m_no_lang(pdf, e):
    del pdf.Root.Lang


def m_xmp(pdf, e):
    del pdf.Root.Metadata


def m_pdfuaid(pdf, e):
    pdf.Root.Metadata.write(XMP.format(title=TITLE, part="").encode())


def m_dc_title(pdf, e):
    pdf.Root.Metadata.write(XMP.format(title="", part=PART).encode())


def m_display_title(pdf, e):
    del pdf.Root.ViewerPreferences


def m_annot_struct(pdf, e):
    del e["annot1"].StructParent


def m_link_elem(pdf, e):
    e["link"].S = Name.Reference


def m_contents(pdf, e):
    del e["annot1"].Contents


def m_tabs(pdf, e):
    del e["page"].Tabs


def m_embedded(pdf, e):
    f = e["page"].Resources.Font.F1
    f.Subtype = Name.Type1
    f.BaseFont = Name.Helvetica


def m_tounicode(pdf, e):
    del e["page"].Resources.Font.F1.ToUnicode


MUTANTS = [
    (m_untagged, "01 untagged"),
    (m_artifact_in_tagged, "01 artifact-in-tagged"),
    (m_tagged_in_artifact, "01 tagged-in-artifact"),
    (m_mcid_orphan, "01 mcid-orphan"),
    (m_marked, "01 marked"),
    (m_rolemap, "02 rolemap"),
    (m_parent, "09 parent"),
    (m_children, "09 children"),
    (m_lbody, "09 lbody"),
    (m_toci, "09 toci"),
    (m_figure_alt, "13 figure-alt"),
    (m_figure_bbox, "13 figure-bbox"),
    (m_first_heading, "14 first-heading"),
    (m_skipped_level, "14 skipped-level"),
    (m_th_scope, "15 th-scope"),
    (m_note_id, "19 note-id"),
    (m_note_id_twice, "19 note-id"),
    (m_link_text, "28 link-text"),
    (m_lang, "11 lang"),
    (m_no_lang, "11 lang"),
    (m_xmp, "06 xmp"),
    (m_pdfuaid, "06 pdfuaid"),
    (m_dc_title, "06 dc-title"),
    (m_display_title, "07 display-title"),
    (m_annot_struct, "28 annot-struct"),
    (m_link_elem, "28 link-elem"),
    (m_contents, "28 contents"),
    (m_tabs, "28 tabs"),
    (m_embedded, "31 embedded"),
    (m_tounicode, "31 tounicode"),
]


def rules_of(path):
    return sorted({f[1] for f in pdfua_check.Check(path).run()})


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    bad = 0
    pdf, _ = good()
    path = os.path.join(out, "good.pdf")
    pdf.save(path, static_id=True)
    got = rules_of(path)
    if got:
        print(f"good.pdf: expected no failure, got {got}")
        bad += 1
    cli = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                       "pdfua_check.py")
    if subprocess.run([cli, path], capture_output=True).returncode != 0:
        print("good.pdf: pdfua_check.py exits non-zero")
        bad += 1
    covered = set()
    for mutate, rule in MUTANTS:
        pdf, e = good()
        mutate(pdf, e)
        name = mutate.__name__[2:].replace("_", "-") + ".pdf"
        path = os.path.join(out, name)
        pdf.save(path, static_id=True)
        got = rules_of(path)
        if got != [rule]:
            print(f"{name}: expected [{rule!r}], got {got}")
            bad += 1
        covered.add(rule)
        r = subprocess.run([cli, path], capture_output=True, text=True)
        if r.returncode != 1 or f": {rule}: " not in r.stdout:
            print(f"{name}: pdfua_check.py exits {r.returncode} and does "
                  f"not name {rule}")
            bad += 1
    # every rule the checker names is broken by some PDF here
    doc = pdfua_check.__doc__
    named = {f"{a} {b}" for a, b in
             __import__("re").findall(r"\n    (\d\d) ([a-z-]+)", doc)}
    if named - covered:
        print(f"rules no PDF breaks: {sorted(named - covered)}")
        bad += 1
    print(f"{len(MUTANTS) + 1} PDFs, {bad} wrong")
    sys.exit(1 if bad else 0)


main()
