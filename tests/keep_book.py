#!/usr/bin/env python3
"""keep_book.py SEED DIR: writes a book (DIR/book.yaml, DIR/ch.md) of 160
headings, each followed by one kind of block that makes keeping a heading
with what follows hard: a paragraph of two or three lines, a short or a
long code block, a table, a list of short items, a paragraph calling a
footnote, a block quote, an image (DIR/red.png must be copied in), a
heading one level down; then, every other time, a paragraph.  SEED picks
the kinds and lengths, so that headings fall at every height of a page.
heading_at_foot.py then checks the PDF."""
import os
import random
import sys

seed, out = int(sys.argv[1]), sys.argv[2]
rnd = random.Random(seed)
WORDS = ("the reader opens a stream and reads its buffers while the event "
         "loop waits for callbacks with options such as encoding or flags "
         "before the file closes").split()


def para(n):
    return " ".join(rnd.choice(WORDS) for _ in range(n)).capitalize() + "."


def block(k, s, lvl):
    if k == "para":
        return para(rnd.randint(5, 40))
    if k == "para3":
        return para(rnd.randint(28, 40))
    if k == "long":
        return para(rnd.randint(100, 200))
    if k == "code":
        return "```js\n" + "\n".join(
            f"const s{i} = fs.createReadStream('f{i}');"
            for i in range(rnd.randint(1, 6))) + "\n```"
    if k == "longcode":
        return "```\n" + "\n".join(
            f"line {i} of the listing" for i in range(rnd.randint(10, 40))) \
            + "\n```"
    if k == "table":
        return "| Name | Meaning |\n|---|---|\n" + "\n".join(
            f"| `opt{i}` | option {i} |" for i in range(rnd.randint(1, 8)))
    if k == "list":
        return "\n".join(f"- item {i}: {para(rnd.randint(3, 20))}"
                         for i in range(rnd.randint(1, 5)))
    if k == "note":
        return (f"{para(rnd.randint(10, 30))}[^n{s}]\n\n"
                f"[^n{s}]: {para(rnd.randint(20, 60))}")
    if k == "quote":
        return "> " + para(rnd.randint(10, 50))
    if k == "image":
        return "![A red square](red.png)"
    return (f"{'#' * min(lvl + 1, 6)} Part {s}\n\n"
            f"{para(rnd.randint(10, 40))}")


KINDS = ["para", "para3", "code", "table", "list", "note", "quote", "image",
         "sub", "longcode", "long"]
text = ["# Headings and what follows them\n"]
for s in range(160):
    lvl = rnd.choice([2, 2, 3, 3, 4])
    text.append(f"{'#' * lvl} Section {s}\n")
    text.append(block(rnd.choice(KINDS), s, lvl) + "\n")
    if rnd.random() < 0.5:
        text.append(para(rnd.randint(10, 80)) + "\n")
os.makedirs(out, exist_ok=True)
with open(os.path.join(out, "ch.md"), "w") as f:
    f.write("\n".join(text))
with open(os.path.join(out, "book.yaml"), "w") as f:
    f.write(f'title: "Keep with next {seed}"\nlanguage: en\n'
            f'identifier: "octavo-test-keep-{seed}"\nchapters:\n  - ch.md\n')
