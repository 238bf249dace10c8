#!/usr/bin/env python3
"""epub_fonts.py BOOK.epub FONTS-DIR [--none]

The fonts an EPUB carries, against its style sheet and the fonts folder
they came from:
  - every family a font-family of the sheet names first (not a generic
    one) has an @font-face, at least for its upright regular or bold face;
  - each @font-face's file is in the package and its manifest, as
    font/ttf or font/otf, and fontconfig (fc-scan) reads it as that family;
  - it is a subset: smaller than the font of the same name in FONTS-DIR,
    and still holding every character of the book's pages that the
    source font has;
  - a licence file of the font (NAME-COPYRIGHT, NAME-LICENSE or
    NAME-OFL.txt, NAME beginning the font's file name) is in the package.
With --none: the sheet declares no font and the package carries none.
Prints a line per font; exits 1 naming each problem.
"""
import os
import posixpath
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile

GENERIC = {"serif", "sans-serif", "monospace", "cursive", "fantasy",
           "system-ui", "inherit"}
OPF = "{http://www.idpf.org/2007/opf}"
LICENCE = re.compile(r"^(.*)-(COPYRIGHT|LICENSE|OFL\.txt)$")
problems = []


def charset(data):
    """The characters fontconfig finds in a font (bytes)."""
    tmp = "/tmp/epub_fonts.%d" % os.getpid()
    with open(tmp, "wb") as f:
        f.write(data)
    try:
        out = subprocess.run(["fc-scan", "--format", "%{family}\n%{charset}",
                              tmp], capture_output=True, text=True,
                             check=True).stdout
    finally:
        os.unlink(tmp)
    family, _, ranges = out.partition("\n")
    chars = set()
    for r in ranges.split():
        a, _, b = r.partition("-")
        chars.update(range(int(a, 16), int(b or a, 16) + 1))
    return family.split(","), chars


def book_text(z):
    text = set()
    for n in z.namelist():
        if n.endswith(".xhtml"):
            root = ET.fromstring(z.read(n))
            for body in root.iter("{http://www.w3.org/1999/xhtml}body"):
                text.update(ord(c) for c in "".join(body.itertext())
                            if not c.isspace())
    return text


def main():
    epub, fonts_dir = sys.argv[1], sys.argv[2]
    none = "--none" in sys.argv[3:]
    z = zipfile.ZipFile(epub)
    opf_name = next(n for n in z.namelist() if n.endswith(".opf"))
    opf = ET.fromstring(z.read(opf_name))
    base = posixpath.dirname(opf_name)
    items = {posixpath.normpath(posixpath.join(base, i.get("href"))):
             i.get("media-type") for i in opf.iter(OPF + "item")}
    css_name = next(n for n, t in items.items() if t == "text/css")
    css = re.sub(r"/\*.*?\*/", "", z.read(css_name).decode(), flags=re.S)
    faces = re.findall(r"@font-face\s*{([^}]*)}", css)
    rest = re.sub(r"@font-face\s*{[^}]*}", "", css)
    fonts = [n for n, t in items.items() if t in ("font/ttf", "font/otf")]
    if none:
        if faces or fonts:
            problems.append(f"fonts declared or carried: {faces} {fonts}")
    named = set()
    for fam in re.findall(r"font-family:\s*([^;]+);", rest):
        first = fam.split(",")[0].strip().strip('"')
        if first.lower() not in GENERIC:
            named.add(first)
    declared = {}
    for body in faces:
        props = dict((k.strip(), v.strip()) for k, v in
                     (d.split(":", 1) for d in body.split(";") if ":" in d))
        url = re.search(r'url\("?([^")]+)"?\)', props.get("src", ""))
        fam = props.get("font-family", "").strip('"')
        if not url:
            problems.append(f"@font-face of {fam} has no url")
            continue
        path = posixpath.normpath(posixpath.join(posixpath.dirname(css_name),
                                                 url.group(1)))
        declared.setdefault(fam, []).append(
            (props.get("font-weight"), props.get("font-style"), path))
    if not none:
        for fam in sorted(named):
            if not any(s == "normal" for _, s, _ in declared.get(fam, [])):
                problems.append(f"'{fam}' is named by the sheet but has no "
                                "upright @font-face")
    text = book_text(z)
    names = set(z.namelist())
    for fam, fs in sorted(declared.items()):
        for weight, style, path in fs:
            where = f"{fam} {weight} {style} ({path})"
            if path not in names or path not in items:
                problems.append(f"{where}: not in the package and manifest")
                continue
            if items[path] not in ("font/ttf", "font/otf"):
                problems.append(f"{where}: media type {items[path]}")
            data = z.read(path)
            stem = posixpath.splitext(posixpath.basename(path))[0]
            src = [f for f in os.listdir(fonts_dir)
                   if os.path.splitext(f)[0] == stem and
                   f.endswith((".ttf", ".otf", ".ttc"))]
            if not src:
                problems.append(f"{where}: no font {stem}.* in {fonts_dir}")
                continue
            with open(os.path.join(fonts_dir, src[0]), "rb") as f:
                source = f.read()
            if len(data) >= len(source):
                problems.append(f"{where}: {len(data)} bytes, not smaller "
                                f"than its source's {len(source)}")
            families, have = charset(data)
            _, had = charset(source)
            if fam not in families:
                problems.append(f"{where}: fontconfig reads it as {families}")
            missing = sorted((text & had) - have)
            if missing:
                problems.append(f"{where}: lacks {len(missing)} characters "
                                "of the book: " +
                                "".join(chr(c) for c in missing[:20]))
            lic = [n for n in items if posixpath.dirname(n) ==
                   posixpath.dirname(path) and LICENCE.match(
                       posixpath.basename(n)) and
                   posixpath.basename(path).startswith(
                       LICENCE.match(posixpath.basename(n)).group(1))]
            if not lic:
                problems.append(f"{where}: no licence file beside it")
            print(f"{where}: {len(data)} bytes of {len(source)} "
                  f"({100 * len(data) / len(source):.1f}%), "
                  f"{len(have)} characters, licence {lic[:1]}")
    for p in problems:
        print("FAIL " + p)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
