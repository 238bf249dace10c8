"""pdf_outline.py PDF - the PDF's outline (bookmarks), one entry a line,
indented two spaces per level, read with pikepdf (run it with Debian's
/usr/bin/python3)."""
import sys
import pikepdf


def walk(items, depth, out):
    for it in items:
        out.append("  " * depth + it.title)
        walk(it.children, depth + 1, out)


with pikepdf.open(sys.argv[1]) as pdf, pdf.open_outline() as o:
    lines = []
    walk(o.root, 0, lines)
print("\n".join(lines))
