"""Is this text, and in which encoding? Judged by decoding the bytes, never by libmagic's guess.

libmagic names formats from a few leading bytes, so a plain letter that starts "PA" is called
HP Graphics Language and a UTF-16 file looks like binary. Here a file is text when it decodes
cleanly and reads like text: a byte-order mark first, then UTF-8, then charset-normalizer's
candidates. Among those, Windows-1252 wins whenever it fits: the archive is English councils'
files of 2010-2016, and charset-normalizer ranks close cousins (Baltic cp1257) above it on
short English samples.
"""

from __future__ import annotations

import codecs

import charset_normalizer

_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
]
_PREFERRED = "cp1252"
# Text has line breaks and tabs, not other control characters; a few stray ones are tolerated.
_ALLOWED_CONTROLS = set("\t\n\r\f\v\x1a")
_MAX_CONTROL_SHARE = 0.01


def _decode(data: bytes, encoding: str, *, truncated: bool) -> str | None:
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    try:
        # A sample cut mid-character must not count against it: only a complete file is final.
        return decoder.decode(data, final=not truncated)
    except UnicodeDecodeError:
        return None


def _reads_as_text(text: str) -> bool:
    if not text:
        return True
    controls = sum(1 for c in text if c < " " and c not in _ALLOWED_CONTROLS)
    return "\x00" not in text and controls <= len(text) * _MAX_CONTROL_SHARE


def detect(data: bytes, *, truncated: bool = False) -> str | None:
    """The encoding ``data`` is written in, or None when it is not text in any common one."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text = _decode(data[len(bom) :], encoding, truncated=truncated)
            return encoding + "-bom" if text is not None and _reads_as_text(text) else None
    text = _decode(data, "utf-8", truncated=truncated)
    if text is not None:
        return "utf-8" if _reads_as_text(text) else None
    candidates = [match.encoding for match in charset_normalizer.from_bytes(data)]
    if not candidates:
        return None
    encoding = _PREFERRED if _PREFERRED in candidates else candidates[0]
    text = _decode(data, encoding, truncated=truncated)
    return encoding if text is not None and _reads_as_text(text) else None


def decode(data: bytes, *, truncated: bool = False) -> str | None:
    """``data`` as text (any byte-order mark dropped), or None when it is not text."""
    encoding = detect(data, truncated=truncated)
    if encoding is None:
        return None
    if encoding.endswith("-bom"):
        encoding = encoding.removesuffix("-bom")
        data = data[len(next(bom for bom, name in _BOMS if name == encoding)) :]
    return codecs.getincrementaldecoder(encoding)(errors="replace").decode(
        data, final=not truncated
    )
