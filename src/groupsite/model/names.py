"""Person names as BibTeX and front matter write them, folded so that every spelling of one person compares equal."""

from dataclasses import dataclass
from functools import lru_cache

from pybtex.database import Person

from groupsite.data import folding
from groupsite.data.latex import plain_text


@lru_cache(maxsize=65536)
def fold(latex: str) -> str:
    """Plain, accent-free, case-free text: "Dvo{\\v{r}}{\\'a}k" and "Dvořák" both give "dvorak"."""
    return folding.fold(plain_text(latex))


@dataclass(frozen=True)
class Name:
    """A person's family name and given names, folded."""

    family: str
    given: tuple[str, ...]

    @classmethod
    def parse(cls, name: str) -> "Name":
        """Reads "A. A. Lovelace", "Ada Lovelace", "Lovelace, Ada A." or "Ludwig van Beethoven"."""
        return cls.of(Person(name))

    @classmethod
    def of(cls, person: Person) -> "Name":
        family = fold(" ".join(person.prelast_names + person.last_names))
        given = tuple(fold(part).rstrip(".") for part in person.first_names + person.middle_names)
        return cls(family, tuple(part for part in given if part))

    def matches(self, other: "Name") -> bool:
        """Same family name, and first given names that agree: initials with initials, full names with full names."""
        if self.family != other.family or not self.given or not other.given:
            return self.family == other.family and not (self.given and other.given)
        mine, theirs = self.given[0], other.given[0]
        if len(mine) > 1 and len(theirs) > 1:
            return mine == theirs
        return mine[0] == theirs[0]
