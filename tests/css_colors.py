#!/usr/bin/env python3
"""css_colors.py BOOK.epub|STYLE.css - every colour of the style sheet
against the pages readers show it on.

Each colour value (#rgb, #rrggbb, rgb(), rgba(), hsl(), a named colour)
is measured, with the WCAG 2 contrast ratio, against a white page (#ffffff)
and a near-black one (#121212, the dark page of night modes):
  - outside any prefers-color-scheme query it must stand 4.5:1 on both,
    since a reader in night mode keeps it on its dark page;
  - inside (prefers-color-scheme: dark) it must stand 4.5:1 on the
    near-black page, inside (prefers-color-scheme: light) on the white one;
  - a colour the light scheme sets must be set again, for the same
    selector and property, by the dark scheme.
currentColor, inherit, transparent and the like follow the text and are
not colours of their own.  Prints each colour it read; exits 1 naming
each one that fails.
"""
import re
import sys
import zipfile

WHITE, NEAR_BLACK = (255, 255, 255), (18, 18, 18)
NAMED = {"black": (0, 0, 0), "white": (255, 255, 255), "red": (255, 0, 0),
         "green": (0, 128, 0), "blue": (0, 0, 255), "gray": (128, 128, 128),
         "grey": (128, 128, 128), "navy": (0, 0, 128),
         "maroon": (128, 0, 0), "silver": (192, 192, 192),
         "yellow": (255, 255, 0), "orange": (255, 165, 0),
         "purple": (128, 0, 128), "teal": (0, 128, 128)}
FOLLOWS_TEXT = {"currentcolor", "inherit", "initial", "unset", "transparent",
                "revert", "none"}
COLOR_PROPS = re.compile(r"(^|-)(color|border|outline|background|"
                         r"text-decoration|column-rule|caret|fill|stroke)")


def luminance(rgb):
    def lin(c):
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (lin(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a, b):
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def hsl_to_rgb(h, s, l):
    import colorsys
    r, g, b = colorsys.hls_to_rgb(h / 360, l / 100, s / 100)
    return tuple(round(c * 255) for c in (r, g, b))


def colors_in(value):
    """The colours a declaration's value names (as RGB tuples)."""
    out = []
    for m in re.finditer(r"#([0-9a-fA-F]{3,8})\b", value):
        h = m.group(1)
        if len(h) in (3, 4):
            h = "".join(c * 2 for c in h[:3])
        out.append((m.group(0), tuple(int(h[i:i + 2], 16) for i in (0, 2, 4))))
    for m in re.finditer(r"rgba?\(([^)]*)\)", value):
        nums = [float(v.strip().rstrip("%")) for v in
                re.split(r"[,\s/]+", m.group(1).strip())[:3]]
        out.append((m.group(0), tuple(round(n) for n in nums)))
    for m in re.finditer(r"hsla?\(([^)]*)\)", value):
        h, s, l = (float(v.strip().rstrip("%deg")) for v in
                   re.split(r"[,\s/]+", m.group(1).strip())[:3])
        out.append((m.group(0), hsl_to_rgb(h, s, l)))
    for word in re.findall(r"[a-zA-Z-]+", re.sub(r"\([^)]*\)", "", value)):
        if word.lower() in NAMED:
            out.append((word, NAMED[word.lower()]))
    return out


def strip_comments(css):
    return re.sub(r"/\*.*?\*/", "", css, flags=re.S)


def rules(css, scheme=None):
    """(scheme, selector, property, value) of every declaration; scheme is
    'dark', 'light' or None (no prefers-color-scheme query)."""
    i = 0
    while i < len(css):
        j = css.find("{", i)
        if j < 0:
            return
        head = css[i:j].strip()
        depth, k = 1, j + 1
        while depth and k < len(css):
            depth += {"{": 1, "}": -1}.get(css[k], 0)
            k += 1
        body = css[j + 1:k - 1]
        if head.startswith("@media"):
            m = re.search(r"prefers-color-scheme\s*:\s*(dark|light)", head)
            yield from rules(body, m.group(1) if m else scheme)
        elif not head.startswith("@"):
            for decl in body.split(";"):
                if ":" in decl:
                    p, v = decl.split(":", 1)
                    yield scheme, head, p.strip().lower(), v.strip()
        i = k


def check(css):
    failures, seen, light, dark = [], 0, set(), set()
    for scheme, sel, prop, value in rules(strip_comments(css)):
        if not COLOR_PROPS.search(prop):
            continue
        if scheme == "light":
            light.add((sel, prop))
        if scheme == "dark":
            dark.add((sel, prop))
        pages = {None: [("white", WHITE), ("near-black", NEAR_BLACK)],
                 "light": [("white", WHITE)],
                 "dark": [("near-black", NEAR_BLACK)]}[scheme]
        for text, rgb in colors_in(value):
            seen += 1
            for name, page in pages:
                r = contrast(rgb, page)
                where = f"{sel} {{ {prop}: {value} }}" + (
                    f" (prefers-color-scheme: {scheme})" if scheme else "")
                print(f"{text} on {name}: {r:.2f}:1  {where}")
                if r < 4.5:
                    failures.append(f"{where}: {text} stands {r:.2f}:1 "
                                    f"on a {name} page (needs 4.5:1)")
    for sel, prop in sorted(light - dark):
        failures.append(f"{sel} {{ {prop} }}: set for the light scheme "
                        "with no dark counterpart")
    return seen, failures


def main():
    path = sys.argv[1]
    if path.endswith(".epub"):
        z = zipfile.ZipFile(path)
        names = [n for n in z.namelist() if n.endswith(".css")]
        css = "\n".join(z.read(n).decode("utf-8") for n in names)
    else:
        names = [path]
        with open(path, encoding="utf-8") as f:
            css = f.read()
    if not css.strip():
        sys.exit(f"{path}: no style sheet")
    seen, failures = check(css)
    for f in failures:
        print("FAIL " + f)
    print(f"css_colors: {seen} colours in {', '.join(names)}, "
          f"{len(failures)} below 4.5:1 or unpaired")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
