#!/usr/bin/env python3
"""backlinks.py BOOK.epub - notes, citations and their links back.

  - a note's mark and a citation's number never look alike: no note
    reference shows the text of a citation's number in the same book;
  - every link back is one "↑" with a label (aria-label) that names where
    it leads, and there is one per citing place: as many from a note as
    references to it, from a reference as citations of it;
  - a reader's pop-up of a note or a reference leaves the links back out:
    a citation's target holds none, and a note's contents, as Foliate
    puts them in a pop-up (the <aside>'s children straight in <body>),
    show none in headless Chromium with the book's style sheet, while the
    same links in the text are shown;
  - the rule above the notes is drawn by the first note, so a reader that
    hides the notes from the text leaves no empty rule.
"""
import os
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
import zipfile

X = "{http://www.w3.org/1999/xhtml}"
E = "{http://www.idpf.org/2007/ops}type"
problems = []


def text(el):
    return "".join(el.itertext())


def main():
    z = zipfile.ZipFile(sys.argv[1])
    docs = {n: ET.fromstring(z.read(n)) for n in z.namelist()
            if n.startswith("OEBPS/text/") and n.endswith(".xhtml")}
    css = z.read("OEBPS/css/book.css").decode()
    ids = {}
    for name, root in docs.items():
        for el in root.iter():
            if el.get("id"):
                ids[(os.path.basename(name), el.get("id"))] = el
    cites, notes = set(), set()
    targets = {}  # (file, id) -> number of links to it
    for name, root in docs.items():
        base = os.path.basename(name)
        for a in root.iter(X + "a"):
            role = a.get("role", "")
            href = a.get("href", "")
            f, _, frag = href.partition("#")
            key = (f or base, frag)
            if role == "doc-biblioref":
                cites.add(text(a))
            if role == "doc-noteref":
                notes.add(text(a))
            if role == "doc-backlink":
                if text(a) != "\u2191" or len(a.get("aria-label", "")) < 8:
                    problems.append(f"{base}: link back {text(a)!r} "
                                    f"labelled {a.get('aria-label')!r}")
                if key not in ids:
                    problems.append(f"{base}: link back to {href} leads nowhere")
            if role in ("doc-biblioref", "doc-noteref"):
                targets[key] = targets.get(key, 0) + 1
                el = ids.get(key)
                if el is None:
                    problems.append(f"{base}: {href} leads nowhere")
                    continue
                inside = [b for b in el.iter(X + "a")
                          if b.get("role") == "doc-backlink"]
                if role == "doc-biblioref" and inside:
                    problems.append(f"{href}: the reference holds its "
                                    "links back (a pop-up shows them)")
    both = cites & notes
    if both:
        problems.append(f"note marks that look like citations: {sorted(both)}")
    # one link back per citing place
    for name, root in docs.items():
        base = os.path.basename(name)
        for el in root.iter():
            back = [a for a in el.iter(X + "a") if a.get("role") == "doc-backlink"]
            if el.tag == X + "aside" and el.get(E) == "footnote":
                want = sum(n for (f, i), n in targets.items()
                           if f == base and i == el.get("id"))
                if len(back) != want:
                    problems.append(f"{base}#{el.get('id')}: {len(back)} links "
                                    f"back for {want} references")
            if el.tag == X + "li" and el.find(X + "span") is not None and \
                    el.find(X + "span").get("id"):
                sid = el.find(X + "span").get("id")
                want = sum(n for (f, i), n in targets.items()
                           if f == base and i == sid)
                if len(back) != want:
                    problems.append(f"{base}#{sid}: {len(back)} links back "
                                    f"for {want} citations")
    if re.search(r"div\.footnotes\s*{[^}]*border", css):
        problems.append("div.footnotes draws its own rule")
    popup(css, docs)
    for p in problems:
        print("FAIL " + p)
    if not (cites and notes):
        print(f"FAIL the book needs notes and citations (notes {sorted(notes)}, "
              f"citations {sorted(cites)})")
        sys.exit(1)
    print(f"backlinks: notes {sorted(notes)}, citations {sorted(cites)}")
    sys.exit(1 if problems else 0)


def popup(css, docs):
    """A note as Foliate's pop-up holds it, and the same note in the text,
    in headless Chromium: is the link back shown?"""
    aside = None
    for root in docs.values():
        for el in root.iter(X + "aside"):
            if any(a.get("role") == "doc-backlink" for a in el.iter(X + "a")):
                aside = el
                break
    if aside is None:
        problems.append("no note with a link back")
        return
    ET.register_namespace("", X[1:-1])
    ET.register_namespace("epub", E[1:E.index("}")])
    inner = "".join(ET.tostring(c, encoding="unicode") for c in aside)
    probe = ("<script>document.title = [...document.querySelectorAll("
             "'a.backlink')].map(a => getComputedStyle(a).display).join(',')"
             "</script>")
    with tempfile.TemporaryDirectory() as d:
        with open(os.path.join(d, "book.css"), "w") as f:
            f.write(css)
        shown = {}
        for case, body in (("pop-up", inner),
                           ("text", "<div class='footnotes'><aside>" + inner +
                            "</aside></div>")):
            page = os.path.join(d, case + ".html")
            with open(page, "w") as f:
                f.write("<!DOCTYPE html><html><head><meta charset='utf-8'>"
                        "<link rel='stylesheet' href='book.css'></head><body>"
                        + body + probe + "</body></html>")
            out = subprocess.run(["chromium", "--headless", "--no-sandbox",
                                  "--disable-gpu", "--dump-dom",
                                  "file://" + page], capture_output=True,
                                 text=True, timeout=120).stdout
            m = re.search(r"<title>([^<]*)</title>", out)
            shown[case] = m.group(1).split(",") if m else []
        if not shown["text"] or "none" in shown["text"]:
            problems.append(f"links back hidden in the text: {shown['text']}")
        if not shown["pop-up"] or set(shown["pop-up"]) != {"none"}:
            problems.append(f"links back shown in a pop-up: {shown['pop-up']}")


if __name__ == "__main__":
    main()
