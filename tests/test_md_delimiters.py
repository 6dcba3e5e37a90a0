"""formats/md_delimiters.py: the adapter over markdown-it-py's internal delimiter pairing.

Each test compares with the full inline parser, so a markdown-it-py upgrade
that changes ``processDelimiters`` or ``Delimiter`` fails here first.
"""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from presslate.formats.markdown import markdown_parser
from presslate.formats.md_delimiters import delimiter_runs, delimiter_spans, only_delimiters

_PARSER = markdown_parser()
_SPANS = {"em_open", "strong_open", "s_open", "link_open"}


def parser_spans(text: str) -> list[str]:
    return [t.type for t in _PARSER.parseInline(text)[0].children or [] if t.type in _SPANS]


# Only characters and delimiter runs: what only_delimiters accepts.
DELIMITERS_ONLY = st.sampled_from(
    list("*_~[]()>!&#;:/@.,?'\" \n\t\r\u00a0\u2003aZ1é“”¿-")
    + ["**", "__", "~~", "<1>", "</1>", "<2/>", "&amp;", "word"]
)


def test_known_texts_count_the_parsers_spans():
    cases = {
        "**a** _b_ *c*": ["strong_open", "em_open", "em_open"],
        "***a** b*": ["em_open", "strong_open"],  # nested: one strong inside one em
        "snake_case_name and _real_ emphasis": ["em_open"],  # intraword "_" does not open
        "~~a~~ and ~~~b~~": ["s_open", "s_open"],
        "*a _b* c_": ["em_open"],  # crossing pairs: the first one wins
        "2*3*4 and a * b * c": ["em_open"],  # spaced "*" neither opens nor closes
        "no syntax here.": [],
    }
    for text, spans in cases.items():
        assert only_delimiters(text)
        assert parser_spans(text) == spans, text
        assert delimiter_spans(text) == len(spans), text


def test_only_delimiters_rejects_other_inline_syntax():
    for text in ("a `code` span", r"an \*escape", "a [link](https://x.org)", "an <https://x.org> autolink",
                 "raw <b>html</b>", "a\0b"):
        assert not only_delimiters(text), text
    for text in ("placeholders <1>stay</1> characters <2/>", "entities &amp; too", "a [bracket] alone"):
        assert only_delimiters(text), text


def test_delimiter_runs_are_star_and_underscore_runs_and_double_tildes():
    assert delimiter_runs("a **b** ~~c~~ ~ _") == [(2, 4), (5, 7), (8, 10), (11, 13), (16, 17)]
    assert delimiter_runs("plain") == []


@settings(max_examples=1000, deadline=None)
@given(st.lists(DELIMITERS_ONLY, max_size=40).map(lambda pieces: "".join(pieces).replace("](", "] (")))
@example("**a** _b_ *c*")
@example("***a** b*")
@example("*a **b***")
@example("*a _b* c_ **d _e_ f**")
@example("snake_case_name and _real_ emphasis")
@example("<1>*a*</1> and <2/>*b*.")
@example("a*\u00a0b* *“c”*")
@example("~~~a~~ ~~~~b~~~~ *~~c~~* ~~*d*~~")
@example("[*a* ~~~b~~ c] ~~")
def test_delimiter_spans_match_the_parser(text: str) -> None:
    assert only_delimiters(text)
    assert delimiter_spans(text) == len(parser_spans(text))
