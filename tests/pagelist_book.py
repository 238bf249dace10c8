#!/usr/bin/env python3
"""pagelist_book.py DIR IMAGE.png

Writes a book into DIR whose printed pages (A5) begin in the awkward
places: inside emphasis, inside links (to the web and to a chapter),
inside inline code, inside a code block, at a table row, at figures and
after a chapter with nothing printable.  IMAGE.png is copied in as the
figures' image.  tests/suite/48-pagelist.sh builds it and checks it with
tests/pagelist.py."""
import os
import shutil
import sys

SENTENCES = [
    "The clinic keeps a printed copy of the guide in the waiting room",
    "patients who read on a phone can follow the same page numbers",
    "each dose is measured against body weight and written in the chart",
    "the nurse checks blood pressure before and after every session",
    "questions about side effects are welcome at any appointment",
    "a relative may drive the patient home once the session is over",
    "pharmacokinetic considerations and interindividual variability "
    "matter when antidepressant combinations are contemplated",
]


def prose(n, start=0):
    words = []
    for i in range(n):
        words.append(SENTENCES[(start + i) % len(SENTENCES)] + ".")
    return " ".join(w[0].upper() + w[1:] for w in words)


def chapter(name, title, body):
    return name, f"# {title}\n\n{body}\n"


def main():
    out, image = sys.argv[1], sys.argv[2]
    os.makedirs(os.path.join(out, "images"), exist_ok=True)
    shutil.copy(image, os.path.join(out, "images", "page.png"))
    chapters = []
    chapters.append(chapter("01-emphasis.md", "Emphasis", "\n\n".join(
        f"*{prose(9, i)}* Then **{prose(4, i + 2)} *{prose(3, i)}* "
        f"{prose(2, i + 1)}** and plain words."
        for i in range(20))))
    chapters.append(chapter("02-links.md", "Links", "\n\n".join(
        f"[{prose(8, i)}](https://example.org/guide/{i}) and "
        f"[{prose(6, i + 3)}](01-emphasis.md) end here."
        for i in range(8))))
    code = "\n".join(f"dose_{i} = weight_kg * 0.5  # step {i}"
                     for i in range(90))
    chapters.append(chapter("03-code.md", "Code", "\n\n".join(
        [f"Before the listing. {prose(3)}", "```\n" + code + "\n```"] +
        [f"Inline: `{' '.join(['measure_dose(weight, rate)'] * 12)}` "
         f"{prose(2, i)}" for i in range(10)])))
    rows = "\n".join(f"| {i} | step {i} of the plan | {i * 5} mg |"
                     for i in range(90))
    chapters.append(chapter("04-table.md", "Table",
                            f"{prose(4)}\n\n| Step | What happens | Dose |\n"
                            f"|---|---|---|\n{rows}\n\n{prose(3, 2)}"))
    chapters.append(("05-blank.md", "<div class=\"empty\"></div>\n"))
    chapters.append(chapter("06-figures.md", "Figures", "\n\n".join(
        f"{prose(5, i)}\n\n![A page of the guide](images/page.png "
        f"\"Figure {i}: a printed page\")" for i in range(6))))
    for name, text in chapters:
        with open(os.path.join(out, name), "w", encoding="utf-8") as f:
            f.write(text)
    with open(os.path.join(out, "book.yaml"), "w", encoding="utf-8") as f:
        f.write('title: "Page numbers"\nlanguage: en-US\n'
                'identifier: "octavo-pagelist-test"\nversion: "2.0"\n'
                'slug: pagelist\ntheme: guide\nchapters:\n' +
                "".join(f"  - {name}\n" for name, _ in chapters))
    return 0


if __name__ == "__main__":
    sys.exit(main())
