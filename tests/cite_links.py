#!/usr/bin/env python3
"""Follow every citation link of an EPUB there and back.

usage: cite_links.py BOOK.epub MIN-CITATIONS

Each citation (<span id="cite-N">) must hold at least one link with role
doc-biblioref; each such link must lead to an element of another or the
same content document that exists and sits inside the bibliography (role
doc-bibliography); that entry's list item (the entry, or the <li> around
the span that bears the entry's id, which keeps the links back out of a
reader's pop-up of the entry) must hold a link with role doc-backlink
that leads back to the citation's span.  Each back link must lead to a citation.
At least MIN-CITATIONS citations must be found, so that a book whose
citations were lost does not pass.  Exit 0 when all hold, 1 with a list of
problems, 2 when the EPUB cannot be read.
"""
import posixpath
import sys
import urllib.parse
import xml.etree.ElementTree as ET
import zipfile

NS = {"c": "urn:oasis:names:tc:opendocument:xmlns:container",
      "opf": "http://www.idpf.org/2007/opf"}


def local(tag):
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def roles(el):
    return el.get("role", "").split()


def content_documents(z):
    """name -> parsed XHTML root, for every spine item."""
    container = ET.fromstring(z.read("META-INF/container.xml"))
    opf_path = container.find(".//c:rootfile", NS).get("full-path")
    opf = ET.fromstring(z.read(opf_path))
    hrefs = {item.get("id"): item.get("href")
             for item in opf.find("opf:manifest", NS)}
    docs = {}
    for ref in opf.find("opf:spine", NS):
        name = posixpath.normpath(posixpath.join(
            posixpath.dirname(opf_path),
            urllib.parse.unquote(hrefs[ref.get("idref")])))
        docs[name] = ET.fromstring(z.read(name))
    return docs


class Book:
    def __init__(self, docs):
        self.ids = {}      # (file, id) -> element
        self.parents = {}  # element -> parent
        for name, root in docs.items():
            for parent in root.iter():
                for child in parent:
                    self.parents[child] = parent
            for el in root.iter():
                if el.get("id"):
                    self.ids[(name, el.get("id"))] = el

    def target(self, name, href):
        """(file, id) an href in file name leads to."""
        path, _, frag = href.partition("#")
        if path:
            name = posixpath.normpath(posixpath.join(
                posixpath.dirname(name), urllib.parse.unquote(path)))
        return name, frag

    def inside(self, el, role):
        while el is not None:
            if role in roles(el):
                return el
            el = self.parents.get(el)
        return None

    def item(self, el):
        """The <li> that is el or holds it (el if there is none)."""
        at = el
        while at is not None and local(at.tag) != "li":
            at = self.parents.get(at)
        return el if at is None else at


def links(el, role):
    return [a for a in el.iter() if local(a.tag) == "a" and role in roles(a)]


def check(book):
    problems, cites = [], 0
    for (name, ident), span in sorted(book.ids.items()):
        if not (local(span.tag) == "span" and ident.startswith("cite-")):
            continue
        cites += 1
        refs = links(span, "doc-biblioref")
        if not refs:
            problems.append("%s#%s: no doc-biblioref link" % (name, ident))
        for a in refs:
            where = book.target(name, a.get("href", ""))
            entry = book.ids.get(where)
            if entry is None:
                problems.append("%s#%s: %s leads nowhere"
                                % (name, ident, a.get("href")))
                continue
            if book.inside(entry, "doc-bibliography") is None:
                problems.append("%s#%s: %s is not in the bibliography"
                                % (name, ident, a.get("href")))
            back = [book.target(where[0], b.get("href", ""))
                    for b in links(book.item(entry), "doc-backlink")]
            if (name, ident) not in back:
                problems.append("%s#%s: entry %s#%s has no link back"
                                % (name, ident, where[0], where[1]))
    for (name, ident), el in sorted(book.ids.items()):
        item = book.item(el)
        for b in links(item, "doc-backlink") if local(item.tag) == "li" else []:
            there = book.ids.get(book.target(name, b.get("href", "")))
            if there is None or not there.get("id", "").startswith("cite-"):
                problems.append("%s#%s: back link %s leads to no citation"
                                % (name, ident, b.get("href")))
    return cites, problems


def main(argv):
    if len(argv) != 3:
        sys.stderr.write("usage: cite_links.py BOOK.epub MIN-CITATIONS\n")
        return 2
    try:
        book = Book(content_documents(zipfile.ZipFile(argv[1])))
    except (OSError, KeyError, AttributeError, ET.ParseError,
            zipfile.BadZipFile) as e:
        sys.stderr.write("cite links: cannot read %s: %s\n" % (argv[1], e))
        return 2
    cites, problems = check(book)
    if cites < int(argv[2]):
        problems.append("%d citations found, expected at least %s"
                        % (cites, argv[2]))
    for p in problems:
        print("cite links: " + p)
    if not problems:
        print("cite links: %d citations, each linked there and back" % cites)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
