"""spaCy component: a paragraph break always starts a sentence.

The parser decides sentence boundaries from syntax alone, so a headline, a
dateline or a line of web furniture without a full stop runs into the next
paragraph's sentence and hands it a bogus subject ("… Urges China … Kallas
has called on"). Marking the first token of every paragraph as a sentence
start before the parser runs keeps attributions inside one paragraph.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from claimx.quotes import paragraph_bounds


def mark_paragraph_starts(doc: Doc) -> Doc:
    """Set `is_sent_start` on the first non-space token of each paragraph."""
    starts = set()
    for start, end in paragraph_bounds(doc.text):
        chunk = doc.text[start:end]
        starts.add(start + len(chunk) - len(chunk.lstrip()))
    for token in doc[1:]:
        if token.idx in starts and not token.is_space:
            token.is_sent_start = True
    return doc


@Language.component("claimx_paragraphs")
def paragraph_sentences(doc: Doc) -> Doc:
    """Component wrapper of `mark_paragraph_starts` (placed before the parser)."""
    return mark_paragraph_starts(doc)
