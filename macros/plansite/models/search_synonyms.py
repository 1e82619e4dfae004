"""The everyday words a reader may search with for what the plans call by their own names."""
from __future__ import annotations

from pydantic import Field, model_validator

from plansite.models.common import DatasetFile, Strict, TableProblems, Text


class Synonym(Strict):
    """A term the pages use, and the words a reader might type instead."""

    term: Text = Field(description="A word or phrase the pages use, e.g. 'finance'.")
    words: list[Text] = Field(min_length=1, description="What a reader might search for instead, e.g. 'money'.")


class SearchSynonymsFile(DatasetFile):
    synonyms: list[Synonym] = Field(min_length=1)

    @model_validator(mode="after")
    def _terms_once(self) -> "SearchSynonymsFile":
        problems = TableProblems("search synonyms")
        seen: set[str] = set()
        for i, entry in enumerate(self.synonyms):
            if entry.term.lower() in seen:
                problems.add(("synonyms", i, "term"), f"the term '{entry.term}' is listed twice; keep one entry and join their words", entry.term)
            seen.add(entry.term.lower())
        problems.raise_if_any()
        return self
