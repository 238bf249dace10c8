"""nav_outline.py EPUB - the EPUB's table of contents (nav.xhtml's toc
nav), one entry a line, indented two spaces per level: a link's text, or
a part's title in brackets.  Read with Python's zipfile and ElementTree,
not octavo's code (tests/suite/56-mdbook.sh compares it to the
expected nesting)."""
import sys
import zipfile
import xml.etree.ElementTree as ET

X = "{http://www.w3.org/1999/xhtml}"
E = "{http://www.idpf.org/2007/ops}"


def walk(ol, depth, out):
    for li in ol.findall(X + "li"):
        a, span = li.find(X + "a"), li.find(X + "span")
        if a is not None:
            out.append("  " * depth + "".join(a.itertext()))
        else:
            out.append("  " * depth + "[" + "".join(span.itertext()) + "]")
        sub = li.find(X + "ol")
        if sub is not None:
            walk(sub, depth + 1, out)


with zipfile.ZipFile(sys.argv[1]) as z:
    nav = ET.fromstring(z.read("OEBPS/nav.xhtml"))
toc = [n for n in nav.iter(X + "nav") if n.get(E + "type") == "toc"][0]
lines = []
walk(toc.find(X + "ol"), 0, lines)
print("\n".join(lines))
