#!/usr/bin/env python3
"""Check that every word of the manuscript appears in the built book, in order.

usage: manuscript_order.py MANUSCRIPT.txt BOOK.epub
       manuscript_order.py MANUSCRIPT.txt BOOK.pdf    (needs pdftotext)

Both texts are split on whitespace and compared token by token, exactly:
same case, same punctuation, same typographic characters.  The book may hold
words the manuscript does not (title page, colophon, running heads, page
numbers...), so the manuscript's tokens are looked for as an ordered
subsequence of the book's tokens.  Exit 0 when all are found, 1 when one is
missing (with a report of where), 2 on a usage or reading error.

Citations are the book's, not the manuscript's: a citation label ("[3]",
"[2, 5]") is taken out together with the space before it, so that
"studies [8]," reads "studies," again, and the generated bibliography does
not count (EPUB: the section with role doc-bibliography; in the PDF it is
not told apart, and it does not need to be: the guide's bibliography comes
after the manuscript's last word, so none of its words can stand in for a
missing one).
"""
import posixpath
import re
import subprocess
import sys
import unicodedata
import urllib.parse
import xml.etree.ElementTree as ET
import zipfile

# Invisible characters a typesetter may insert (soft hyphen, zero-width
# space/non-joiner/joiner, word joiner, BOM): removed from both texts.
REMOVABLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))


def clean(text):
    return unicodedata.normalize("NFC", text).translate(REMOVABLE)


# ---------------------------------------------------------------- manuscript

def manuscript_words(path):
    """The manuscript's tokens, each as a tuple of accepted spellings.

    Left out: the "Table of Contents" heading with its numbered list (octavo
    makes its own), the "KETAM LOGO 1" image placeholder and the "•" that
    starts a list item (the book's lists draw their own markers)."""
    with open(path, encoding="utf-8") as f:
        lines = f.read().splitlines()
    words, toc, title_done = [], None, False
    for line in lines:
        s = line.strip()
        if s == "Table of Contents":
            toc = "heading"
            continue
        if toc == "heading":  # blank lines, then the numbered list
            if not s:
                continue
            if re.match(r"\d+\.\s", s):
                toc = "items"
                continue
            toc = None
        elif toc == "items":  # the list runs to the first blank line
            if s:
                continue
            toc = None
        if s == "KETAM LOGO 1":
            continue
        tokens = clean(line).split()
        if tokens[:1] == ["\u2022"]:  # a bullet is a list's marker, not a word
            tokens = tokens[1:]
        if tokens and not title_done:
            # The first line is the book's title.  book.yaml splits it at its
            # first colon into title and subtitle, which the title page sets
            # apart, so that colon may not be printed: accept "Ketamine" for
            # "Ketamine:".
            title_done = True
            for i, t in enumerate(tokens):
                if t.endswith(":"):
                    words += [(t,) for t in tokens[:i]]
                    words.append((t, t[:-1]))
                    tokens = tokens[i + 1:]
                    break
        words += [(t,) for t in tokens]
    return words


# ---------------------------------------------------------------------- EPUB

NS = {"c": "urn:oasis:names:tc:opendocument:xmlns:container",
      "opf": "http://www.idpf.org/2007/opf"}
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
# Elements that do not break a word; every other element is a block and
# separates the text before it from the text in it and after it.
INLINE = {"a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "del",
          "dfn", "em", "i", "ins", "kbd", "mark", "q", "s", "samp", "small",
          "span", "strong", "sub", "sup", "time", "u", "var"}


def local(tag):
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def skipped(el):
    """Generated text that is not part of the running text: the table of
    contents (a <nav> or epub:type "toc"), note reference marks, whose
    numbers would otherwise stick to the word they follow, and the
    bibliography."""
    kind = el.get(EPUB_TYPE, "") + " " + el.get("role", "")
    return (local(el.tag) == "nav" or "toc" in kind or "noteref" in kind
            or "bibliography" in kind)


# Stands for a citation taken out of the EPUB's text (a private-use
# character no book contains).
CITATION = "\ue000"


def is_citation(el):
    """A citation as octavo writes it: <span id="cite-N"> around the label,
    or a link with role doc-biblioref on its own."""
    return ((local(el.tag) == "span" and el.get("id", "").startswith("cite-"))
            or "doc-biblioref" in el.get("role", "").split())


def drop_citations(text):
    """Takes each citation out with the blanks before it when punctuation
    follows ("studies [8]," -> "studies,"); elsewhere only the label."""
    text = re.sub(r"\s*%s(?=[^\s\w%s])" % (CITATION, CITATION), "", text)
    return text.replace(CITATION, "")


def body_text(el, out):
    if is_citation(el):
        out.append(CITATION)
        return
    if skipped(el):
        return
    block = local(el.tag) not in INLINE
    if block:
        out.append(" ")
    out.append(el.text or "")
    for child in el:
        body_text(child, out)
        out.append(child.tail or "")  # the tail belongs to el, never skipped
    if block:
        out.append(" ")


def epub_tokens(path):
    z = zipfile.ZipFile(path)
    container = ET.fromstring(z.read("META-INF/container.xml"))
    opf_path = container.find(".//c:rootfile", NS).get("full-path")
    opf = ET.fromstring(z.read(opf_path))
    hrefs = {item.get("id"): item.get("href")
             for item in opf.find("opf:manifest", NS)}
    tokens = []
    for ref in opf.find("opf:spine", NS):
        name = posixpath.normpath(posixpath.join(
            posixpath.dirname(opf_path),
            urllib.parse.unquote(hrefs[ref.get("idref")])))
        root = ET.fromstring(z.read(name))
        out = []
        for body in (e for e in root.iter() if local(e.tag) == "body"):
            body_text(body, out)
        text = drop_citations(clean("".join(out)))
        tokens += [(t, False) for t in text.split()]
    return tokens


# ----------------------------------------------------------------------- PDF

LIGATURES = {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl",
             "\ufb03": "ffi", "\ufb04": "ffl", "\ufb05": "st", "\ufb06": "st"}


# A citation label in the PDF's text, whole in one token ("[3]", "[3],",
# "word[3]") or spread over several ("[2," "5]." or "[3," "p." "12]").
LABEL_WHOLE = re.compile(r"^(.*?)\[\d+(?:[,;]\d+)*\]([^\w\[]*)$")
LABEL_OPEN = re.compile(r"^(.*?)\[\d+[,;]$")
LABEL_MID = re.compile(r"^(?:\d+[,;]|pp?\.|\d+[-\u2013]\d+[,;]?)$")
LABEL_CLOSE = re.compile(r"^(?:\d+[-\u2013])?\d+\]([^\w\[]*)$")


def label_at(tokens, i):
    """If a citation label starts at tokens[i], return (text before it in
    its token, punctuation after it, index after it, line end flag)."""
    m = LABEL_WHOLE.match(tokens[i][0])
    if m:
        return m.group(1), m.group(2), i + 1, tokens[i][1]
    m = LABEL_OPEN.match(tokens[i][0])
    if not m:
        return None
    j = i + 1
    while j < len(tokens) and j - i < 12 and LABEL_MID.match(tokens[j][0]):
        j += 1
    close = LABEL_CLOSE.match(tokens[j][0]) if j < len(tokens) else None
    if not close:
        return None
    return m.group(1), close.group(1), j + 1, tokens[j][1]


def drop_pdf_citations(tokens):
    """Takes citation labels out of (token, ends_a_line) pairs; punctuation
    after a label goes back onto the word before it."""
    out, i = [], 0
    while i < len(tokens):
        found = label_at(tokens, i)
        if not found:
            out.append(tokens[i])
            i += 1
            continue
        before, after, i, line_end = found
        if before:
            out.append((before + after, line_end))
        elif after and out:
            out[-1] = (out[-1][0] + after, line_end)
        elif after:
            out.append((after, line_end))
    return out


def pdf_tokens(path):
    """Tokens of pdftotext's output as (token, ends_a_line) pairs, citation
    labels taken out."""
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", path, "-"],
                          check=True, capture_output=True).stdout.decode()
    tokens = []
    for line in text.splitlines():  # also splits pages at form feeds
        for lig, letters in LIGATURES.items():
            line = line.replace(lig, letters)
        # A line-final soft hyphen is a printed hyphen: keep it as one.
        line = clean(re.sub("\u00ad\\s*$", "\u2010", line))
        words = line.split()
        tokens += [(w, i == len(words) - 1) for i, w in enumerate(words)]
    return drop_pdf_citations(tokens)


# ------------------------------------------------------------------ matching

HYPHENS = ("-", "\u2010")       # a hyphen that may be the typesetter's
BREAKS = HYPHENS + ("\u2014", "\u2013")  # a line may also end after a dash
LOOKAHEAD = 8  # a running head and folio may sit between two halves of a word


def match_at(book, j, accepted):
    """If the manuscript word (its accepted spellings) starts at book[j],
    return the index after it, else None."""
    tok, line_end = book[j]
    if tok in accepted:
        return j + 1
    # PDF: pdftotext itself joins a line ending "In-" to the next line's
    # "Depth" as "InDepth" (it takes the hyphen for the typesetter's).
    if "-" in tok or not any("-" in a for a in accepted):
        pass
    elif tok in {a.replace("-", "", 1) for a in accepted}:
        return j + 1
    # PDF: a word broken at a line end, "treat-" + "ment" or "treatment-" +
    # "resistant" (the hyphen is the typesetter's or the word's own) or
    # "thoughts—" + "it".  The rest is the next token, or one a little further
    # on when the break fell at a page end.
    if line_end and tok.endswith(BREAKS):
        for k in range(j + 1, min(j + 1 + LOOKAHEAD, len(book))):
            rest = book[k][0]
            joined = {tok + rest}
            if tok.endswith(HYPHENS):
                joined |= {tok[:-1] + rest, tok[:-1] + "-" + rest}
            if joined & set(accepted):
                return k + 1
    return None


def main(argv):
    if len(argv) != 3:
        sys.stderr.write("usage: manuscript_order.py MANUSCRIPT.txt "
                         "BOOK.epub|BOOK.pdf\n")
        return 2
    try:
        words = manuscript_words(argv[1])
        if argv[2].lower().endswith(".pdf"):
            book = pdf_tokens(argv[2])
        else:
            book = epub_tokens(argv[2])
    except (OSError, KeyError, AttributeError, ET.ParseError,
            zipfile.BadZipFile, subprocess.CalledProcessError, ValueError) as e:
        detail = getattr(e, "stderr", None) or b""  # pdftotext's complaint
        sys.stderr.write("manuscript order: cannot read: %s %s\n"
                         % (e, detail.decode(errors="replace").strip()))
        return 2

    pos = 0  # greedy earliest matches find an ordered subsequence if any
    for n, accepted in enumerate(words):
        for j in range(pos, len(book)):
            end = match_at(book, j, accepted)
            if end is not None:
                pos = end
                break
        else:
            show = lambda ws: " ".join(w[0] for w in ws)
            print("manuscript order: word %d %r not found after book token %d"
                  % (n, accepted[0], pos))
            print("  manuscript: ... %s [[%s]] %s ..." % (
                show(words[max(0, n - 5):n]), accepted[0],
                show(words[n + 1:n + 6])))
            print("  book near there: ... %s [[here]] %s ..." % (
                show(book[max(0, pos - 10):pos]), show(book[pos:pos + 10])))
            return 1
    print("manuscript order: %d words found in order" % len(words))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
