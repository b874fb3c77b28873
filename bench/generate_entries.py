"""Generates plausible BibTeX entries for the benchmark: 3 to 12 authors, accented names, abstracts on half.

Some of the authors are the site's own people, and the keywords its topics, read from the site's pages,
so that people's and topics' pages grow with the list as they would on the site itself.
"""

import argparse
import random
from pathlib import Path

import yaml

# Names as BibTeX exports write them: LaTeX accents, Unicode, particles and hyphens.
FAMILY_NAMES = [
    "M{\\\"u}ller", "Müller", "Schmidt", "Weiß", "Dvořák", "Nov{\\'a}k", "Kowalczyk", "Łukasiewicz",
    "García", "Fern{\\'a}ndez", "Núñez", "da Silva", "van der Berg", "de Vries", "O'Connor",
    "Smith", "Nguyen", "Zhang", "Wang", "Kim", "Tanaka", "Ødegaard", "Åström", "Søndergaard",
    "Schröder", "Jäger", "Lefèvre", "Gon{\\c{c}}alves", "Popescu", "Ivanov", "Meyer-Lindenberg",
    "Okonkwo", "Haddad", "Rossi", "Bianchi", "Ó Briain", "Jørgensen", "Yılmaz", "Çelik", "Kovač",
]  # fmt: skip
GIVEN_NAMES = [
    "Anna", "J{\\\"o}rg", "Zoë", "Ludwig", "Hélène", "José", "Łucja", "Søren", "Mei", "Hiroshi",
    "A.", "B. C.", "Ana María", "Jean-Luc", "Thomas", "Marta", "Ngozi", "Ömer", "Ivana", "Pedro",
]  # fmt: skip
WORDS = (
    "neural network model response stimulus learning deep representation population coding dynamics "
    "inference prediction natural images behavior measurement sensor graph transformer self-supervised "
    "contrastive segmentation tracking estimation control robust efficient adaptive signal field analysis"
).split()
VENUES = {
    "article": ("journal", ["Nature Neuroscience", "Neuron", "PLoS Computational Biology", "eLife"]),
    "inproceedings": ("booktitle", ["NeurIPS", "ICLR", "ICML", "CVPR", "Computational and Systems Neuroscience"]),
    "misc": ("howpublished", ["bioRxiv", "arXiv preprint"]),
}


def sentence(rng: random.Random, low: int, high: int) -> str:
    words = rng.choices(WORDS, k=rng.randint(low, high))
    return " ".join(words).capitalize()


def titles(folder: Path) -> list[str]:
    """The titles of a folder's pages (a site's people or topics), from their front matter; its index left out."""
    found = []
    for path in sorted(folder.glob("*.md")):
        text = path.read_text(encoding="utf-8")
        if path.stem != "index" and text.startswith("---"):
            data = yaml.safe_load(text.split("---")[1]) or {}
            if data.get("title"):
                found.append(str(data["title"]))
    return found


def entry(rng: random.Random, number: int, members: list[str], topics: list[str]) -> str:
    """One entry, its key unique by its number."""
    year = rng.randint(1995, 2026)
    kind = rng.choice(list(VENUES))
    venue_field, venues = VENUES[kind]
    authors = [f"{rng.choice(FAMILY_NAMES)}, {rng.choice(GIVEN_NAMES)}" for _ in range(rng.randint(3, 12))]
    if members and rng.random() < 0.1:
        authors[rng.randrange(len(authors))] = rng.choice(members)
    fields = {
        "author": " and ".join(authors),
        "title": sentence(rng, 5, 14),
        venue_field: rng.choice(venues),
        "year": str(year),
    }
    if topics and rng.random() < 0.3:
        fields["keywords"] = rng.choice(topics)
    if rng.random() < 0.3:
        fields["doi"] = f"10.{rng.randint(1000, 9999)}/gen.{number}"
    if rng.random() < 0.5:
        fields["abstract"] = ". ".join(sentence(rng, 8, 20) for _ in range(rng.randint(4, 9))) + "."
    body = "".join(f"  {name} = {{{value}}},\n" for name, value in fields.items())
    return f"@{kind}{{generated{year}n{number},\n{body}}}\n"


def entries(count: int, seed: int = 2026, site: Path | None = None) -> str:
    """count entries, the same ones for the same seed and site; some authors and keywords are the site's own."""
    rng = random.Random(seed)
    members = titles(site / "people") if site else []
    topics = titles(site / "topics") if site else []
    return "\n".join(entry(rng, number, members, topics) for number in range(count))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("count", type=int, help="how many entries")
    parser.add_argument("output", type=Path, help="the .bib file to append them to, in a site's folder")
    args = parser.parse_args()
    with args.output.open("a", encoding="utf-8") as bib:
        bib.write("\n" + entries(args.count, site=args.output.resolve().parent))


if __name__ == "__main__":
    main()
