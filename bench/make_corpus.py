#!/usr/bin/env python3
"""Turns the benchmark's source data into quifait corpora (corpus.json + one document per file).

  make_corpus.py legi ARTICLES.jsonl OUT_DIR [--copies N]
      One Markdown document per legal code. The code's section path becomes Markdown headings
      (one heading per level, written when it changes, like a real document: the reader gives
      every Markdown heading level 1, so a passage's `section` is its deepest section title and
      the sections are what passages are grouped under). Each article is split into paragraphs
      at its sentences and at its enumerations ("1°", "a)", "II."), since the source stripped
      paragraph breaks: about 50k passages for the 11,396 articles.
      --copies N writes N copies of every code with new ids (file `kNN-…`, org code `…-NN`),
      as hard links to the first copy's files where possible: the ×16 scale corpus.

  make_corpus.py annuaire ANNUAIRE.json OUT_DIR
      The 2016 tree of national administration units as organisation texts: one document per
      top-level branch, where each unit with children declares them ("X comprend : - la … ;").
      Also writes OUT_DIR/units.jsonl: every unit's label, sigle, depth and children labels.
"""
import argparse
import json
import os
import re
import sys
import unicodedata


def fold(s):
    return "".join(c for c in unicodedata.normalize("NFD", s) if unicodedata.category(c) != "Mn").lower()


def slug(s, n=60):
    return re.sub(r"[^a-z0-9]+", "-", fold(s)).strip("-")[:n].strip("-") or "x"


STOP = {"de", "des", "du", "la", "le", "les", "et", "l", "d", "a", "en", "aux", "au", "pour", "sur"}


def org_code(title, used):
    words = [w for w in re.split(r"[^\w]+", title) if w]
    code = "".join(w[0].upper() if not w.isdigit() else w for w in words if fold(w) not in STOP)
    code = re.sub(r"[^A-Z0-9]", "", fold(code).upper()) or "CODE"
    base, n = code, 2
    while code in used:
        code = f"{base}{n}"
        n += 1
    used.add(code)
    return code


# Abbreviations that end with a dot without ending a sentence ("art. L. 123-4", "R. 12").
ABBREV = re.compile(r"(?:\b[A-Z]|\bart|\bArt|\bn|\bp|\bal|\bMM?|\bcf|\bet s|\bannexe)\.$")
SENT_END = re.compile(r"(?<=[.!?;:])\s+(?=[«\"“A-ZÉÈÀÂÎÔÛÇ0-9IVX])")
ENUM = re.compile(r"\s+(?=(?:\d{1,3}°|[a-z]\)|[IVX]{1,5}\.\s?[-–―]?\s)\s*\S)")


def split_article(text):
    """Paragraphs of an article: enumerations start a new line, long runs split at sentences."""
    out = []
    for part in ENUM.split(text.strip()):
        part = part.strip()
        if not part:
            continue
        pieces, start = [], 0
        for m in SENT_END.finditer(part):
            before = part[start:m.start()]
            if not before.endswith((".", "!", "?")) or ABBREV.search(before):
                continue
            pieces.append(before.strip())
            start = m.end()
        pieces.append(part[start:].strip())
        out.extend(p for p in pieces if p)
    return out


def md_escape_line(p):
    # A paragraph must not be read as a heading or list marker it is not: a line that starts with
    # '#' or with a bullet keeps its text; nothing else to escape for quifait's reader.
    if p.startswith("#"):
        p = p.lstrip("#").strip()
    return p


def write_legi(args):
    codes = {}
    for line in open(args.input, encoding="utf-8"):
        a = json.loads(line)
        codes.setdefault(a["code_id"], {"title": a["code"], "articles": []})["articles"].append(a)
    os.makedirs(args.out, exist_ok=True)
    used = set()
    docs = []
    first_files = {}
    for c in codes.values():
        c["code"] = org_code(c["title"], used)
    for copy in range(1, args.copies + 1):
        for code_id, c in codes.items():
            code = c["code"] if args.copies == 1 else f"{c['code']}-{copy:02d}"
            fname = (f"k{copy:02d}-" if args.copies > 1 else "") + slug(c["title"]) + ".md"
            path = os.path.join(args.out, fname)
            if os.path.exists(path):
                os.remove(path)
            if copy > 1 and code_id in first_files:
                try:
                    os.link(first_files[code_id], path)
                except OSError:
                    with open(first_files[code_id], "rb") as src, open(path, "wb") as dst:
                        dst.write(src.read())
            else:
                with open(path, "w", encoding="utf-8") as f:
                    f.write(f"# {c['title']}\n\n")
                    prev = []
                    for a in c["articles"]:
                        secs = [s.strip() for s in a["sections"][1:] if s.strip()]
                        k = 0
                        while k < len(secs) and k < len(prev) and secs[k] == prev[k]:
                            k += 1
                        for depth in range(k, len(secs)):
                            f.write("#" * min(depth + 2, 6) + " " + md_escape_line(secs[depth]) + "\n\n")
                        prev = secs
                        for p in split_article(a["text"]):
                            f.write(md_escape_line(p) + "\n\n")
                first_files[code_id] = path
            docs.append({"file": fname, "org": code, "org_name": c["title"] + ("" if copy == 1 else f" (copie {copy})"),
                         "title": c["title"], "source": "DILA – Légifrance (LEGI), " + code_id, "date": ""})
    with open(os.path.join(args.out, "corpus.json"), "w", encoding="utf-8") as f:
        json.dump({"documents": docs}, f, ensure_ascii=False, indent=1)
    print(f"make_corpus: {len(docs)} documents in {args.out}", file=sys.stderr)


def article(label):
    f = fold(label)
    if re.match(r"^[aeiouyh]", f):
        return "l'"
    first = f.split()[0] if f.split() else ""
    fem = first in {"direction", "sous-direction", "division", "cellule", "mission", "delegation", "inspection",
                    "agence", "unite", "mission", "commission", "cour", "autorite", "ecole", "sous", "prefecture"}
    return "la " if fem else "le "


def write_annuaire(args):
    tree = json.load(open(args.input, encoding="utf-8"))
    os.makedirs(args.out, exist_ok=True)
    units = []
    docs = []
    used = set()

    def walk(node, depth, lines, path):
        label = (node.get("label") or "").strip()
        kids = [k for k in node.get("children", []) if (k.get("label") or "").strip()]
        units.append({"label": label, "sigle": node.get("sigle", ""), "depth": depth, "path": path,
                      "children": [k["label"].strip() for k in kids]})
        if kids:
            lines.append(f"{article(label).capitalize()}{label} comprend :")
            for i, k in enumerate(kids):
                end = "." if i == len(kids) - 1 else " ;"
                lines.append(f"- {article(k['label'].strip())}{k['label'].strip()}{end}")
            lines.append("")
            for k in kids:
                walk(k, depth + 1, lines, path + [label])

    tops = [k for k in tree.get("children", []) if (k.get("label") or "").strip()]
    for top in tops:
        # One document per top-level branch (a ministry or a group of bodies).
        label = top["label"].strip()
        lines = [f"# {label}", ""]
        for branch in [k for k in top.get("children", []) if (k.get("label") or "").strip()]:
            walk(branch, 1, lines, [label])
        code = org_code(label, used)
        fname = slug(label) + ".md"
        with open(os.path.join(args.out, fname), "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
        docs.append({"file": fname, "org": code, "org_name": label, "title": label,
                     "source": "Annuaire de l'administration 2016 (DILA)", "date": "2016"})
    with open(os.path.join(args.out, "corpus.json"), "w", encoding="utf-8") as f:
        json.dump({"documents": docs}, f, ensure_ascii=False, indent=1)
    with open(os.path.join(args.out, "units.jsonl"), "w", encoding="utf-8") as f:
        for u in units:
            f.write(json.dumps(u, ensure_ascii=False) + "\n")
    print(f"make_corpus: {len(docs)} documents, {len(units)} units in {args.out}", file=sys.stderr)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("kind", choices=["legi", "annuaire"])
    ap.add_argument("input")
    ap.add_argument("out")
    ap.add_argument("--copies", type=int, default=1)
    args = ap.parse_args()
    (write_legi if args.kind == "legi" else write_annuaire)(args)


if __name__ == "__main__":
    main()
