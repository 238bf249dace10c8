#!/usr/bin/env python3
"""url_breaks.py BOOK.epub - URLs shown as text, as a reader lays them out.

Every link whose text is a URL must carry class "url", which the style
sheet keeps from hyphenation, and <wbr/> only after '/', '.' or '-'.
Then headless Chromium lays out each chapter holding such links at a
phone's width (260 px, the book's style sheet, hyphenation on as in
readers that hyphenate), and the test fails on a URL whose line breaks
fall anywhere but after '/', '.' or '-', that shows a hyphen it does
not have, or that runs past the text's right edge.
"""
import os
import re
import subprocess
import sys
import tempfile
import zipfile

X = "http://www.w3.org/1999/xhtml"
PROBE = r"""<script>//<![CDATA[
const out = [];
const right = document.body.getBoundingClientRect().right + 0.5;
const urls = [...document.querySelectorAll('a')].filter(a => a.textContent.includes('://'));
for (const a of urls) {
  const text = a.textContent;
  if (a.getBoundingClientRect().right > right)
    out.push('overflows: ' + text);
  let prevTop = null, prevChar = '';
  const walker = document.createTreeWalker(a, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    for (let i = 0; i < n.data.length; i++) {
      const r = document.createRange();
      r.setStart(n, i); r.setEnd(n, i + 1);
      const top = r.getBoundingClientRect().top;
      if (prevTop !== null && top > prevTop + 2 && !'/.-'.includes(prevChar))
        out.push('breaks after ' + JSON.stringify(prevChar) + ': ' + text);
      prevTop = top; prevChar = n.data[i];
    }
  }
  const cs = getComputedStyle(a);
  if (cs.hyphens !== 'none') out.push('hyphens ' + cs.hyphens + ': ' + text);
}
document.title = 'URLS ' + urls.length +
  (out.length ? ' | ' + out.join(' | ') : '');
//]]></script>"""


def main():
    z = zipfile.ZipFile(sys.argv[1])
    problems, checked = [], 0
    with tempfile.TemporaryDirectory() as d:
        z.extractall(d)
        for name in sorted(z.namelist()):
            if not (name.startswith("OEBPS/text/") and name.endswith(".xhtml")):
                continue
            src = z.read(name).decode()
            links = re.findall(r'<a [^>]*>(?:(?!</a>).)*://(?:(?!</a>).)*</a>', src)
            for a in links:
                inner = re.sub(r"<[^>]+>", "", re.sub(r"<wbr/>", "|", a.split(">", 1)[1]))
                if 'class="url"' not in a:
                    problems.append(f"{name}: URL link without class url: {inner}")
                for m in re.finditer(r"(.)\|", inner):
                    if m.group(1) not in "/.-":
                        problems.append(f"{name}: <wbr/> after {m.group(1)!r}: {inner}")
            if not links:
                continue
            # the chapter as a phone shows it, hyphenating
            page = os.path.join(d, name.replace(".xhtml", ".probe.xhtml"))
            with open(page, "w") as f:
                f.write(src.replace("</body>", PROBE + "</body>")
                        .replace("<head>", "<head><style>p, li { hyphens: auto; "
                                 "-webkit-hyphens: auto; }</style>", 1))
            out = subprocess.run(
                ["chromium", "--headless", "--no-sandbox", "--disable-gpu",
                 "--window-size=260,800", "--dump-dom", "file://" + page],
                capture_output=True, text=True, timeout=120).stdout
            m = re.search(r"<title>URLS (\d+)([^<]*)</title>", out)
            if not m:
                problems.append(f"{name}: Chromium did not lay it out")
                continue
            checked += int(m.group(1))
            problems += [f"{name}: {p.strip()}" for p in m.group(2).split(" | ")
                         if p.strip()]
    for p in problems:
        print("FAIL " + p)
    print(f"url_breaks: {checked} URLs laid out at 260 px")
    sys.exit(1 if problems or not checked else 0)


if __name__ == "__main__":
    main()
