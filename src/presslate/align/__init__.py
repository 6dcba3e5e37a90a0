"""Existing translations into presslate: aligned into the translation memory (``presslate align``), or
into an article's PO file (``--po``).

:mod:`.blocks` parses both sides and pairs blocks by structure, :mod:`.sentences`
pairs sentences within them, :mod:`.anchors` finds what both sides share,
:mod:`.markup` writes the translation with the English placeholders,
:mod:`.pair` puts these together for one article, :mod:`.archive` stores many
into the memory and :mod:`.gettextize` writes a PO file.
"""
