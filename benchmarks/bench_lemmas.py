"""Lemmatisation coverage per language: spaCy lookup tables vs simplemma vs demandlens' mix.

Reproduces the numbers in docs/keywords.md:

    python benchmarks/bench_lemmas.py [--data /work/shared/data/sib200_train_sv_da_nb_en.csv]

For every language it reports, over the content-word occurrences of the parallel SIB-200
sentences (lower-cased, stop words and non-words dropped):
  * known   - share the lemmatiser knows (spaCy: a key or a lemma of the lookup table;
              simplemma: ``is_known``),
  * changed - share mapped to a different form (inflected forms reduced),
and the accuracy on a small hand-made list of support-ticket words (18 inflected forms and 3
base forms that must stay as they are, per language).
"""

from __future__ import annotations

import argparse
import re
from collections import Counter

import pandas as pd
import simplemma

from demandlens.themes.tokens import _lookup_table, lemmatizer_for, stop_words

GOLD: dict[str, list[tuple[str, str]]] = {
    "sv": [
        ("paketet", "paket"),
        ("paketen", "paket"),
        ("leveransen", "leverans"),
        ("leveranser", "leverans"),
        ("fakturan", "faktura"),
        ("fakturor", "faktura"),
        ("beställningen", "beställning"),
        ("lösenordet", "lösenord"),
        ("kontot", "konto"),
        ("pengarna", "pengar"),
        ("återbetalningen", "återbetalning"),
        ("ordrar", "order"),
        ("kunder", "kund"),
        ("dragits", "dra"),
        ("levererades", "leverera"),
        ("skickade", "skicka"),
        ("betalade", "betala"),
        ("adressen", "adress"),
        ("fel", "fel"),
        ("pengar", "pengar"),
        ("kort", "kort"),
    ],
    "da": [
        ("pakken", "pakke"),
        ("pakkerne", "pakke"),
        ("leveringen", "levering"),
        ("fakturaen", "faktura"),
        ("fakturaer", "faktura"),
        ("bestillingen", "bestilling"),
        ("adgangskoden", "adgangskode"),
        ("kontoen", "konto"),
        ("pengene", "penge"),
        ("refusionen", "refusion"),
        ("ordren", "ordre"),
        ("kunder", "kunde"),
        ("trukket", "trække"),
        ("leveret", "levere"),
        ("sendte", "sende"),
        ("betalte", "betale"),
        ("adressen", "adresse"),
        ("varerne", "vare"),
        ("lager", "lager"),
        ("fejl", "fejl"),
        ("kort", "kort"),
    ],
    "nb": [
        ("pakken", "pakke"),
        ("pakkene", "pakke"),
        ("leveringen", "levering"),
        ("fakturaen", "faktura"),
        ("fakturaer", "faktura"),
        ("bestillingen", "bestilling"),
        ("passordet", "passord"),
        ("kontoen", "konto"),
        ("pengene", "penger"),
        ("refusjonen", "refusjon"),
        ("ordren", "ordre"),
        ("kunder", "kunde"),
        ("trukket", "trekke"),
        ("levert", "levere"),
        ("sendte", "sende"),
        ("betalte", "betale"),
        ("adressen", "adresse"),
        ("varene", "vare"),
        ("lager", "lager"),
        ("feil", "feil"),
        ("kort", "kort"),
    ],
    "en": [
        ("parcels", "parcel"),
        ("deliveries", "delivery"),
        ("invoices", "invoice"),
        ("orders", "order"),
        ("passwords", "password"),
        ("accounts", "account"),
        ("refunds", "refund"),
        ("customers", "customer"),
        ("charged", "charge"),
        ("delivered", "deliver"),
        ("sent", "send"),
        ("paid", "pay"),
        ("addresses", "address"),
        ("items", "item"),
        ("arrived", "arrive"),
        ("cancelled", "cancel"),
        ("bought", "buy"),
        ("tried", "try"),
        ("number", "number"),
        ("order", "order"),
        ("card", "card"),
    ],
}
_WORD = re.compile(r"^[^\W\d_]{2,}$")


def _words(texts: list[str]) -> Counter[str]:
    stops = stop_words()
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(w for w in re.findall(r"[^\W\d_]+", text.lower()) if w not in stops)
    return Counter({w: c for w, c in counts.items() if _WORD.match(w)})


def _spacy_known(lang: str):
    table = _lookup_table(lang)
    lemmas = set(table.values())  # values are lemma strings, keys are string hashes

    def known(word: str) -> bool:
        return word in table or word in lemmas

    return known


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default="/work/shared/data/sib200_train_sv_da_nb_en.csv")
    args = parser.parse_args()
    df = pd.read_csv(args.data)
    rows = []
    for lang in ("sv", "da", "nb", "en"):
        words = _words(df.loc[df["lang"] == lang, "text"].tolist())
        total = sum(words.values())
        known_spacy = _spacy_known(lang)
        known = {
            "spacy": lambda w, k=known_spacy: k(w),
            "simplemma": lambda w, lang=lang: simplemma.is_known(w, lang=lang),
        }
        known["demandlens"] = lambda w, k=known_spacy, lang=lang: (
            k(w) or simplemma.is_known(w, lang=lang)
        )
        for name, sources in (
            ("spacy", ("spacy",)),
            ("simplemma", ("simplemma",)),
            ("demandlens", None),
        ):
            lem = lemmatizer_for(lang, sources)  # None: demandlens' default (with its rules)
            changed = sum(c for w, c in words.items() if lem(w) != w)
            k = sum(c for w, c in words.items() if known[name](w))
            gold = GOLD[lang]
            acc = sum(lem(w) == g for w, g in gold) / len(gold)
            rows.append(
                {
                    "lang": lang,
                    "lemmatiser": name,
                    "tokens": total,
                    "known": round(k / total, 3),
                    "changed": round(changed / total, 3),
                    "wordlist_acc": round(acc, 3),
                    "n_wordlist": len(gold),
                }
            )
    print(pd.DataFrame(rows).to_string(index=False))


if __name__ == "__main__":
    main()
