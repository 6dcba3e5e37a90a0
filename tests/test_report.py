"""report.py: the one Refusal shape that build, publish, check and import print, and its reports."""

from __future__ import annotations

import json

from presslate.catalog.xliff_import import ImportReport
from presslate.report import Refusal
from presslate.review.qa import CheckReport
from presslate.workflow.build import BuildReport


def test_a_refusal_reads_as_file_line_problem_and_source_text():
    build = Refusal("locales/es/a.po", 12, "See <1>the map</1>.", "missing placeholder </1>", fallback="source text used")
    assert str(build) == "locales/es/a.po:12: missing placeholder </1> — “See <1>the map</1>.”; source text used"
    finding = Refusal("a.po", 3, "At 6 p.m.", "6 is missing", check="numbers", severity="warning")
    assert str(finding) == "a.po:3: [numbers] warning: 6 is missing — “At 6 p.m.”"
    unit = Refusal("es/a.xlf", 40, "Buses!", "the source differs", context="unit u1 (a.po:7)")
    assert str(unit) == "es/a.xlf:40: unit u1 (a.po:7): the source differs — “Buses!”"


def test_long_source_texts_are_cut_at_a_word():
    text = "word " * 30
    assert str(Refusal("a.po", 1, text, "x")).endswith("— “" + ("word " * 12).strip() + "…”")


def test_check_json_keeps_its_keys_and_order():
    finding = Refusal("a.po", 3, "Hi", "copy", check="unchanged", severity="warning")
    assert json.dumps(finding.to_dict()) == (
        '{"check": "unchanged", "severity": "warning", "message": "copy", "path": "a.po", "line": 3, "msgid": "Hi"}')


def test_which_reports_fail():
    assert not BuildReport().failed
    assert BuildReport(refusals=[Refusal("a.po", 1, "x", "y")]).failed
    warnings = CheckReport(refusals=[Refusal("a.po", 1, "x", "y", check="fuzzy", severity="warning")], catalogs=1)
    assert not warnings.failed and warnings.summary() == "1 catalogs checked: 0 errors, 1 warnings"
    errors = CheckReport(refusals=[Refusal("a.po", 1, "x", "y", check="markup")], catalogs=2)
    assert errors.failed and errors.errors == 1
    stale = ImportReport(stale=[Refusal("a.xlf", 1, "x", "stale", context="unit u1 (a.po)")])
    assert stale.failed and stale.refusals == stale.stale
