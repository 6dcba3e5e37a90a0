"""A small, safe XML reader for WXR files: elements, text, CDATA; no DTD, no entities.

WXR is RSS written by WordPress's exporter.  This reader builds a tree of
:class:`Element` with namespaces resolved, and refuses what a WXR file never
needs and an attacker would use: a ``<!DOCTYPE`` (so no entity declaration is
ever read, let alone expanded) and any entity other than the five XML
predefines and numeric character references.  Every error names its line.

It is strict about structure (a mismatched or unclosed tag is an error) and
lenient in one place, as WordPress's own importer is: a text-only element
whose content is one CDATA section holding a literal ``]]>`` (which old
exporters wrote unescaped, e.g. ``<![CDATA[a <![CDATA[ b ]]> c]]>``) reads as
everything between its first ``<![CDATA[`` and its last ``]]>``.  The
exporter's own escape, ``]]]]><![CDATA[>``, is plain XML: two CDATA sections.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from presslate.errors import InputError

_NAME = r"[A-Za-z_:][\w.:\-\u00b7-\uffff]*"
_START = re.compile(rf"<({_NAME})((?:\s+{_NAME}\s*=\s*(?:\"[^\"<]*\"|'[^'<]*'))*)\s*(/?)>")
_ATTR = re.compile(rf"({_NAME})\s*=\s*(?:\"([^\"<]*)\"|'([^'<]*)')")
_END = re.compile(rf"</({_NAME})\s*>")
_REF = re.compile(r"&(#[0-9]+|#x[0-9A-Fa-f]+|[A-Za-z_][\w.\-]*);")
_PREDEFINED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"', "apos": "'"}
_XML_DECL = re.compile(r"<\?xml\s[^?]*\?>")
_ENCODING = re.compile(r"""encoding\s*=\s*["']([A-Za-z0-9._\-]+)["']""")
CDATA_OPEN, CDATA_CLOSE = "<![CDATA[", "]]>"


@dataclass
class Element:
    """``tag`` is ``{namespace}local`` (or ``local``); ``text`` is the decoded text directly inside."""

    tag: str
    attrs: dict[str, str]
    line: int
    children: list["Element"] = field(default_factory=list)
    text: str = ""

    def find(self, tag: str) -> "Element | None":
        return next((c for c in self.children if c.tag == tag), None)

    def findall(self, tag: str) -> list["Element"]:
        return [c for c in self.children if c.tag == tag]

    def child_text(self, tag: str, default: str = "") -> str:
        found = self.find(tag)
        return found.text if found is not None else default


def decode_bytes(data: bytes, path: str) -> str:
    """The file's text: UTF-8 (BOM allowed) unless its XML declaration names another encoding."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    head = data[:200].decode("ascii", "replace")
    declared = _ENCODING.search(head.split("?>", 1)[0]) if head.startswith("<?xml") else None
    encoding = declared.group(1) if declared else "utf-8"
    try:
        return data.decode(encoding)
    except LookupError:
        raise InputError(path, 1, f"unknown encoding {encoding!r} in the XML declaration") from None
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(path, line, f"not valid {encoding}: byte 0x{data[exc.start]:02x}; save the file as UTF-8") from None


def parse(text: str, path: str) -> Element:
    """The root element of ``text``; :class:`InputError` (file:line) if it is not well-formed WXR-safe XML."""
    return _Reader(text, path).document()


class _Reader:
    def __init__(self, text: str, path: str):
        self.text = text.replace("\r\n", "\n").replace("\r", "\n")  # XML's end-of-line handling
        self.path = path
        self.pos = 0

    def line(self, pos: int | None = None) -> int:
        return self.text.count("\n", 0, self.pos if pos is None else pos) + 1

    def fail(self, message: str, pos: int | None = None) -> InputError:
        return InputError(self.path, self.line(pos), message)

    # -- prolog and misc -------------------------------------------------------

    def document(self) -> Element:
        declaration = _XML_DECL.match(self.text)
        if declaration:
            self.pos = declaration.end()
        self.misc()
        if not self.text.startswith("<", self.pos) or self.text.startswith("</", self.pos):
            raise self.fail("no root element: this is not an XML file")
        root = self.element({"xml": "http://www.w3.org/XML/1998/namespace"})
        self.misc()
        if self.pos < len(self.text):
            raise self.fail("content after the root element has ended")
        return root

    def misc(self) -> None:
        """Skip whitespace, comments and processing instructions; refuse a DOCTYPE."""
        while True:
            while self.pos < len(self.text) and self.text[self.pos] in " \t\r\n":
                self.pos += 1
            if self.text.startswith("<!--", self.pos):
                self.skip_to("-->", "comment")
            elif self.text.startswith("<?", self.pos):
                self.skip_to("?>", "processing instruction")
            elif self.text.startswith("<!DOCTYPE", self.pos):
                raise self.fail("a DOCTYPE is not allowed in a WXR file (entity declarations are never read)")
            else:
                return

    def skip_to(self, end: str, what: str) -> None:
        found = self.text.find(end, self.pos)
        if found < 0:
            raise self.fail(f"{what} is never closed")
        self.pos = found + len(end)

    # -- elements --------------------------------------------------------------

    def element(self, scope: dict[str, str]) -> Element:
        start = _START.match(self.text, self.pos)
        if not start:
            raise self.fail("malformed start tag")
        line = self.line()
        raw_name, raw_attrs, empty = start.group(1), start.group(2), start.group(3)
        attrs: dict[str, str] = {}
        for m in _ATTR.finditer(raw_attrs):
            value = m.group(2) if m.group(2) is not None else m.group(3)
            attrs[m.group(1)] = self.decode(value, start.start())
        local_scope = dict(scope)
        for name, value in attrs.items():
            if name == "xmlns":
                local_scope[""] = value
            elif name.startswith("xmlns:"):
                local_scope[name[6:]] = value
        element = Element(self.qualify(raw_name, local_scope, start.start()), attrs, line)
        self.pos = start.end()
        if empty:
            return element
        content_start = self.pos
        pieces: list[str] = []
        while True:
            if self.pos >= len(self.text):
                raise self.fail(f"<{raw_name}> (line {line}) is never closed")
            if self.text.startswith(CDATA_OPEN, self.pos):
                end = self.text.find(CDATA_CLOSE, self.pos + len(CDATA_OPEN))
                if end < 0:
                    raise self.fail("CDATA section is never closed")
                pieces.append(self.text[self.pos + len(CDATA_OPEN) : end])
                self.pos = end + len(CDATA_CLOSE)
            elif self.text.startswith("<!--", self.pos):
                self.skip_to("-->", "comment")
            elif self.text.startswith("<?", self.pos):
                self.skip_to("?>", "processing instruction")
            elif self.text.startswith("</", self.pos):
                end = _END.match(self.text, self.pos)
                if not end:
                    raise self.fail("malformed end tag")
                if end.group(1) != raw_name:
                    raise self.fail(f"</{end.group(1)}> closes <{raw_name}>, opened on line {line}")
                self.pos = end.end()
                break
            elif self.text.startswith("<!", self.pos):
                raise self.fail("markup declarations are not allowed in a WXR file")
            elif self.text.startswith("<", self.pos):
                element.children.append(self.element(local_scope))
            else:
                next_tag = self.text.find("<", self.pos)
                next_tag = len(self.text) if next_tag < 0 else next_tag
                raw = self.text[self.pos : next_tag]
                if CDATA_CLOSE in raw:
                    if not element.children:
                        return self.lenient_cdata(element, raw_name, content_start)
                    raise self.fail("']]>' is not allowed in text; write ']]&gt;'", self.pos + raw.index(CDATA_CLOSE))
                pieces.append(self.decode(raw, self.pos))
                self.pos = next_tag
        element.text = "".join(pieces)
        return element

    def lenient_cdata(self, element: Element, raw_name: str, content_start: int) -> Element:
        """A text-only element holding a literal ``]]>`` inside its CDATA: take it as WordPress does."""
        close = f"</{raw_name}>"
        end = self.text.find(close, content_start)
        while end >= 0 and not self.text.endswith(CDATA_CLOSE, content_start, end):
            end = self.text.find(close, end + 1)
        content = self.text[content_start:end] if end >= 0 else ""
        if end < 0 or not content.startswith(CDATA_OPEN):
            raise self.fail("']]>' is not allowed in text; write ']]&gt;'", content_start)
        element.text = content[len(CDATA_OPEN) : -len(CDATA_CLOSE)]
        self.pos = end + len(close)
        return element

    def qualify(self, raw: str, scope: dict[str, str], pos: int) -> str:
        prefix, _, local = raw.rpartition(":")
        if prefix:
            if prefix not in scope:
                raise self.fail(f"namespace prefix {prefix!r} of <{raw}> is not declared", pos)
            return f"{{{scope[prefix]}}}{local}"
        return f"{{{scope['']}}}{raw}" if scope.get("") else raw

    def decode(self, raw: str, pos: int) -> str:
        if "&" not in raw:
            return raw

        def replace(m: re.Match) -> str:
            ref = m.group(1)
            if ref.startswith("#"):
                try:
                    code = int(ref[2:], 16) if ref[1] in "xX" else int(ref[1:])
                    return chr(code)
                except (ValueError, OverflowError):
                    raise self.fail(f"invalid character reference &{ref};", pos) from None
            if ref in _PREDEFINED:
                return _PREDEFINED[ref]
            raise self.fail(f"undefined entity &{ref}; (a WXR file may use only &lt; &gt; &amp; &quot; &apos;)", pos)

        if "&" in _REF.sub("", raw):
            raise self.fail("a bare '&' in text; write '&amp;'", pos)
        return _REF.sub(replace, raw)
