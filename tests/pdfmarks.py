"""pdfmarks.py - what the tests read of a tagged PDF with pikepdf (nothing
of octavo's own): the text of each marked content sequence with the
baselines it is drawn on, and the structure tree in reading order.

    marks = page_marks(page)        {mcid: Mark(ys, text)}
    for elem, depth in walk(pdf):   every structure element, in order
    mcrs(elem)                      [(page objgen, mcid)] it holds itself
"""
import pikepdf
from pikepdf import Array, Dictionary, Name

TEXT_OPS = {"Tj", "TJ", "'", '"'}


def mul(a, b):
    """The product of two PDF matrices [a b c d e f]."""
    return [a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3],
            a[2] * b[0] + a[3] * b[2], a[2] * b[1] + a[3] * b[3],
            a[4] * b[0] + a[5] * b[2] + b[4],
            a[4] * b[1] + a[5] * b[3] + b[5]]


def op_text(operands):
    """The string a text operation (Tj, TJ, ', ") shows, as Latin-1."""
    s = operands[-1]
    if isinstance(s, Array):
        s = b"".join(bytes(x) for x in s if isinstance(x, pikepdf.String))
    else:
        s = bytes(s)
    return s.decode("latin-1")


class Mark:
    def __init__(self):
        self.ys = []  # device y of each text operation (PDF points, up)
        self.text = ""


def page_marks(page):
    """{mcid: Mark} of a page's marked content (text operations only)."""
    marks = {}
    ctm, stack, open_ = [1, 0, 0, 1, 0, 0], [], []
    tm = lm = [1, 0, 0, 1, 0, 0]
    leading = 0.0
    for operands, op in pikepdf.parse_content_stream(page):
        op = str(op)
        args = [float(x) for x in operands] \
            if op in ("cm", "Tm", "Td", "TD", "TL") else []
        if op == "q":
            stack.append(ctm)
        elif op == "Q":
            ctm = stack.pop() if stack else ctm
        elif op == "cm":
            ctm = mul(args, ctm)
        elif op == "BT":
            tm = lm = [1, 0, 0, 1, 0, 0]
        elif op == "Tm":
            tm = lm = args
        elif op in ("Td", "TD"):
            lm = tm = mul([1, 0, 0, 1, args[0], args[1]], lm)
            if op == "TD":
                leading = -args[1]
        elif op == "TL":
            leading = args[0]
        elif op in ("T*", "'", '"'):
            lm = tm = mul([1, 0, 0, 1, 0, -leading], lm)
        elif op in ("BDC", "BMC"):
            mcid = None
            if op == "BDC" and isinstance(operands[1], Dictionary) and \
                    "/MCID" in operands[1]:
                mcid = int(operands[1].MCID)
            open_.append(mcid)
        elif op == "EMC":
            if open_:
                open_.pop()
        if op not in TEXT_OPS:
            continue
        mcid = next((m for m in reversed(open_) if m is not None), None)
        if mcid is None:
            continue
        m = marks.setdefault(mcid, Mark())
        m.ys.append(mul(tm, ctm)[5])
        m.text += op_text(operands)
    return marks


def kids(e):
    k = e.get("/K")
    if k is None:
        return []
    return list(k) if isinstance(k, Array) else [k]


def walk(pdf):
    """Every structure element of pdf, in reading order, with its depth."""
    tree = pdf.Root.get("/StructTreeRoot")
    if tree is None:
        return
    todo = [(k, 0) for k in reversed(kids(tree))]
    while todo:
        e, depth = todo.pop()
        if not isinstance(e, Dictionary) or "/S" not in e or depth > 200:
            continue
        yield e, depth
        todo.extend((k, depth + 1) for k in reversed(kids(e)))


def mcrs(e, pg=None):
    """The (page objgen, mcid) pairs element e marks itself, in order."""
    pg = e.get("/Pg", pg)
    out = []
    for k in kids(e):
        if isinstance(k, Dictionary):
            if k.get("/Type") == Name.MCR:
                p = k.get("/Pg", pg)
                if p is not None:
                    out.append((p.objgen, int(k.MCID)))
        else:
            try:
                mcid = int(k)
            except (TypeError, ValueError):
                continue
            if pg is not None:
                out.append((pg.objgen, mcid))
    return out


def all_mcrs(e, pg=None, depth=0):
    """The (page objgen, mcid) pairs of e and every element under it."""
    pg = e.get("/Pg", pg)
    out = mcrs(e, pg)
    if depth < 200:
        for k in kids(e):
            if isinstance(k, Dictionary) and "/S" in k:
                out += all_mcrs(k, pg, depth + 1)
    return out
