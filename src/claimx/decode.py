"""Run the pipeline over batches, decoding the parser and the NER with the GIL held.

Why not just `nlp.pipe`: spaCy 3.8's compiled greedy decoder (`Parser.greedy_parse`)
releases the GIL for its loop, but the move validity checks it runs for every
move of every state at every step call `StateC::B_`, which takes the GIL back
each time. On en_core_web_sm, `perf` put about half of the NER's decoding
time in `PyGILState_Ensure` under `StateC::B_`; the NER spent 83 µs per
token, the parser 26.

`greedy_decode` steps the same transition system from Python instead, with
`Parser.transition_states` (the method spaCy's own training loop steps with):
the GIL is already held, so those re-acquisitions cost nothing. The
scores come from the same precomputed step model and the moves from the same
compiled code, so the annotations are the ones spaCy would set
(tests/test_decode.py compares them on every article in the repository);
the NER falls to about 35 µs per token and the parser to about 14.

Components this does not apply to (beam search, GPU, anything that is not a
transition-based parser) run through their own `pipe`, as `nlp.pipe` would.
"""

from __future__ import annotations

from itertools import islice
from typing import TYPE_CHECKING, Callable, Iterable, Iterator, TypeVar

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

Context = TypeVar("Context")
Step = Callable[[list["Doc"]], list["Doc"]]

#: Tokens decoded at once: the step model precomputes about 4 KB per token for the
#: parser, so one subbatch of 100,000-character chunks would otherwise cost gigabytes.
MAX_DECODE_TOKENS = 20_000


def pipe(nlp: "Language", items: Iterable[tuple[str, Context]], batch_size: int) -> Iterator[tuple["Doc", Context]]:
    """`nlp.pipe(items, as_tuples=True)`, a batch at a time, with `greedy_decode` where it applies."""
    steps = [step for _, step in component_steps(nlp, batch_size)]
    iterator = iter(items)
    while batch := list(islice(iterator, batch_size)):
        docs = [nlp.make_doc(text) for text, _ in batch]
        for step in steps:
            docs = step(docs)
        yield from zip(docs, (context for _, context in batch))


def component_steps(nlp: "Language", batch_size: int) -> list[tuple[str, Step]]:
    """Each pipeline component as a function on a batch of docs, named (the benchmark times them)."""
    return [(name, _step(component, batch_size)) for name, component in nlp.pipeline]


def _step(component, batch_size: int) -> Step:
    if _decodes_greedily_on_cpu(component):
        return lambda docs: _decode_in_subbatches(component, docs)
    if hasattr(component, "pipe"):
        return lambda docs: list(component.pipe(docs, batch_size=batch_size))
    return lambda docs: [component(doc) for doc in docs]


def _decodes_greedily_on_cpu(component) -> bool:
    from spacy.pipeline.transition_parser import Parser
    from thinc.api import NumpyOps

    return (
        isinstance(component, Parser)
        and component.cfg.get("beam_width", 1) == 1
        and isinstance(component.model.ops, NumpyOps)
    )


def _decode_in_subbatches(parser, docs: list["Doc"]) -> list["Doc"]:
    """Decode docs of similar length together, at most `MAX_DECODE_TOKENS` tokens at once."""
    subbatch: list["Doc"] = []
    tokens = 0
    for doc in sorted(docs, key=len):
        if subbatch and tokens + len(doc) > MAX_DECODE_TOKENS:
            greedy_decode(parser, subbatch)
            subbatch, tokens = [], 0
        subbatch.append(doc)
        tokens += len(doc)
    if subbatch:
        greedy_decode(parser, subbatch)
    return docs


def greedy_decode(parser, docs: list["Doc"]) -> None:
    """Annotate `docs` as `parser.pipe` would with greedy search, stepping in Python."""
    if not any(len(doc) for doc in docs):
        parser.set_annotations(docs, parser.moves.init_batch(docs))
        return
    parser._ensure_labels_are_added(docs)  # as greedy_parse does: preset entities may bring new labels
    states = parser.moves.init_batch(docs)
    model = parser.model.predict(docs)
    try:
        unfinished = [state for state in states if not state.is_final()]
        while unfinished:
            unfinished = parser.transition_states(unfinished, model.predict(unfinished))
    finally:
        model.clear_memory()
    parser.set_annotations(docs, states)
