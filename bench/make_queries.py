#!/usr/bin/env python3
"""Generates the benchmark's query sets from the data itself, fixed by a seed.

  make_queries.py legi ARTICLES.jsonl OUT.jsonl [--n 400] [--seed 7]
      Half short noun phrases (2-3 content words that follow each other in a real sentence,
      "registre des fabricants"), half "qui …" questions built from a real sentence's verb and
      its object ("qui délivre le permis de construire ?", else "qui s'occupe de <phrase> ?").
  make_queries.py annuaire UNITS.jsonl OUT.jsonl [--n 300] [--seed 7]
      For units with children: "que comprend <label> ?" (gold: the unit) and a typed prefix
      of the label for suggest (its first word whole, then 3-5 letters of the next words).
Each line: {"q": "...", "kind": "phrase|qui|compose|suggest", "gold": "..."?}.
"""
import argparse
import json
import random
import re
import unicodedata

STOP = set("""a à au aux avec ce ces cet cette d dans de des du elle en et eux il ils je la le les leur leurs
lui l ma mais me même mes moi mon ne nos notre nous on ou où par pas pour qu que qui sa se ses son sur ta te tes
toi ton tu un une vos votre vous y été être avoir ont est sont sera seront peut peuvent doit doivent ainsi
lorsque selon sous sans entre tout tous toute toutes autre autres celui celle ceux celles lequel laquelle
lesquels lesquelles dont cas lieu fait faite faits article articles présent présente code alinéa premier
1er ii iii iv i n°""".split())

VERBS = ["délivre", "fixe", "établit", "tient", "prononce", "désigne", "nomme", "assure", "organise", "contrôle",
         "exerce", "prend", "statue", "arrête", "approuve", "autorise", "détermine", "veille", "instruit", "gère",
         "perçoit", "recouvre", "dresse", "transmet", "notifie", "délibère", "agrée", "préside", "constate",
         "ordonne", "accorde", "reçoit", "publie", "saisit", "convoque", "propose", "homologue", "inscrit"]
WORD = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿœŒ]+(?:[-'’][A-Za-zÀ-ÖØ-öø-ÿœŒ]+)*")


def fold(s):
    return "".join(c for c in unicodedata.normalize("NFD", s) if unicodedata.category(c) != "Mn").lower()


ADV = set("apres avant toutefois lorsque notamment egalement ensuite dernier derniere precite precitee "
          "susvise susvisee suivant suivante suivants memes meme concerne".split())


def content(w):
    return len(w) >= 4 and fold(w) not in {fold(s) for s in STOP} and not w.isupper()


def phrase_from(text, rng):
    words = WORD.findall(text)
    det = {"le", "la", "les", "l", "un", "une", "des", "du", "au", "aux"}
    # A phrase starts right after a determiner ("le registre des fabricants"), so it is a noun phrase.
    starts = [i for i in range(1, len(words) - 1)
              if content(words[i]) and fold(words[i - 1].replace("’", "'").split("'")[0]) in det
              and fold(words[i]) not in ADV]
    for i in range(1, len(words)):
        if "'" in words[i] or "’" in words[i]:
            pass
    rng.shuffle(starts)
    for i in starts[:20]:
        # noun [de/des/du/d'/la/l'] noun, or two or three content words in a row
        out = [words[i]]
        j = i + 1
        while j < len(words) and len(out) < 4:
            w = words[j]
            if content(w) and fold(w) not in ADV:
                out.append(w)
                if sum(content(x) for x in out) >= rng.choice([2, 2, 3]):
                    break
            elif fold(w) in {"de", "des", "du", "la", "le", "les", "d'", "l'", "et", "aux", "au"}:
                out.append(w)
            else:
                break
            j += 1
        if sum(content(x) for x in out) >= 2 and content(out[-1]):
            return " ".join(out).lower()
    return None


def qui_from(text, rng):
    low = text
    for v in rng.sample(VERBS, len(VERBS)):
        m = re.search(r"\b" + v + r"\b\s+((?:\S+\s+){1,5}?\S*[A-Za-zÀ-ÿ]{4,})", low)
        if m:
            obj = re.split(r"[,;:.()]", m.group(1))[0].strip()
            if len(obj.split()) >= 2:
                return f"qui {v} {obj.lower()} ?"
    p = phrase_from(text, rng)
    return f"qui s'occupe de {p} ?" if p else None


def legi(args):
    rng = random.Random(args.seed)
    arts = [json.loads(l) for l in open(args.input, encoding="utf-8")]
    out, seen = [], set()
    while len(out) < args.n:
        a = rng.choice(arts)
        kind = "phrase" if len(out) % 2 == 0 else "qui"
        q = phrase_from(a["text"], rng) if kind == "phrase" else qui_from(a["text"], rng)
        if q and q not in seen:
            seen.add(q)
            out.append({"q": q, "kind": kind, "source": a["article_id"]})
    return out


def annuaire(args):
    rng = random.Random(args.seed)
    units = [json.loads(l) for l in open(args.input, encoding="utf-8")]
    parents = [u for u in units if u["children"] and u["depth"] >= 1 and len(u["label"].split()) >= 2]
    rng.shuffle(parents)
    out = []
    for u in parents[: args.n // 2]:
        out.append({"q": f"que comprend {u['label'][0].lower() + u['label'][1:]} ?", "kind": "compose", "gold": u["label"],
                    "children": u["children"]})
    named = [u for u in units if len(u["label"].split()) >= 3]
    rng.shuffle(named)
    for u in named[: args.n - len(out)]:
        words = [w for w in u["label"].split() if fold(w) not in {"de", "des", "du", "la", "le", "les", "et"}]
        typed = [words[0].lower()] + [fold(w)[: rng.choice([3, 4, 5])] for w in words[1:3]]
        out.append({"q": " ".join(typed), "kind": "suggest", "gold": u["label"]})
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("kind", choices=["legi", "annuaire"])
    ap.add_argument("input")
    ap.add_argument("out")
    ap.add_argument("--n", type=int, default=400)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    rows = legi(args) if args.kind == "legi" else annuaire(args)
    with open(args.out, "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
