"""Chinese script and character width: the project's one OpenCC converter pair.

Values are written in simplified script (SPEC section 1) while evidence stays verbatim,
so many modules need the same conversions: normalisation, grounding, the rules backend
(which scans a same-length simplified copy and cuts quotes from the original), the
scorer, the review page and the input notes. They all call this module.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from functools import lru_cache
from typing import Any, Literal

Script = Literal["simplified", "traditional", "mixed"]

_lock = threading.Lock()
_converters: dict[str, Any] = {}


def _converter(config: str) -> Any:
    """OpenCC converter for ``config`` (t2s, s2t), built once per process."""
    converter = _converters.get(config)
    if converter is None:
        with _lock:
            converter = _converters.get(config)
            if converter is None:
                import opencc

                converter = _converters[config] = opencc.OpenCC(config)
    return converter


def to_simplified(text: str) -> str:
    """Traditional to simplified Chinese with OpenCC's phrase-aware t2s conversion."""
    if not text or text.isascii():
        return text
    return _short_simplified(text) if len(text) <= 64 else str(_converter("t2s").convert(text))


@lru_cache(maxsize=8192)
def _short_simplified(text: str) -> str:
    # Field values and quotes repeat a lot (units, village names): cache the short ones.
    return str(_converter("t2s").convert(text))


@lru_cache(maxsize=16384)
def _char_simplified(char: str) -> str:
    converted = _converter("t2s").convert(char)
    return converted if len(converted) == 1 else char


def to_simplified_aligned(text: str) -> str:
    """Simplified text of exactly the same length, so offsets carry over unchanged.

    OpenCC's t2s tables map characters one to one in practice; if a phrase rule ever
    changes the length, fall back to converting character by character.
    """
    converted = to_simplified(text)
    if len(converted) == len(text):
        return converted
    return "".join(_char_simplified(ch) for ch in text)


def to_traditional(text: str) -> str:
    """Simplified to traditional (OpenCC s2t); used to tell the scripts apart."""
    return str(_converter("s2t").convert(text)) if text and not text.isascii() else text


def _width_table() -> dict[int, str]:
    table: dict[int, str] = {0x3000: " ", 0xA0: " "}
    for start, end in ((0xFF01, 0xFF5E), (0xFE50, 0xFE6B)):
        for cp in range(start, end + 1):
            folded = unicodedata.normalize("NFKC", chr(cp))
            if len(folded) == 1:
                table[cp] = folded
    return table


#: Full-width ASCII and small-form punctuation to their plain forms, one character each.
WIDTH_TABLE: dict[int, str] = _width_table()
_WIDE_CHARS = {chr(cp): folded for cp, folded in WIDTH_TABLE.items()}
_WIDE = re.compile("[" + "".join(re.escape(ch) for ch in _WIDE_CHARS) + "]")


def fold_width(text: str) -> str:
    """``text.translate(WIDTH_TABLE)``, faster: str.translate looks every character up in
    the table, the pattern only finds the few wide ones."""
    return _WIDE.sub(lambda m: _WIDE_CHARS[m.group()], text)


@lru_cache(maxsize=32)
def fold_aligned(text: str) -> str:
    """Simplified script and half-width digits/punctuation, same length as ``text``.

    The rules backend scans this form and cuts evidence from the original at the same
    offsets, so a quote stays verbatim in the source's own script.
    """
    return fold_width(to_simplified_aligned(text))


_SAMPLE_CHARS = 20_000
_MIN_CHARS = 3
_MIXED_SHARE = 0.25


@lru_cache(maxsize=1)
def _traditional_chars() -> re.Pattern[str]:
    """Every CJK character t2s changes on its own (built once, a few milliseconds)."""
    chars = [chr(cp) for cp in range(0x3400, 0xA000)]
    converted = str(_converter("t2s").convert("\n".join(chars))).split("\n")
    if len(converted) != len(chars):
        return re.compile(r"[\u3400-\u9fff]")  # never seen: then every CJK text is looked at in full
    changed = [a for a, b in zip(chars, converted, strict=True) if a != b]
    return re.compile("[" + "".join(changed) + "]")


def script_of(text: str, sample_chars: int = _SAMPLE_CHARS) -> Script:
    """'simplified', 'traditional' or 'mixed', judged on the first ``sample_chars`` characters.

    Characters such as 后 干 台 are simplified *and* traditional, so a traditional text
    shows a few "simplified" ones: mixed means both scripts are a real share of the text.
    """
    sample = text[:sample_chars]
    if sample.isascii() or not _traditional_chars().search(sample):
        return "simplified"
    simplified = to_simplified_aligned(sample)
    traditional_chars = sum(1 for a, b in zip(sample, simplified, strict=True) if a != b)
    if traditional_chars < _MIN_CHARS:
        return "simplified"
    converted = to_traditional(sample)
    if len(converted) != len(sample):
        return "traditional"
    simplified_chars = sum(1 for a, b in zip(sample, converted, strict=True) if a != b)
    minority, majority = sorted((traditional_chars, simplified_chars))
    if minority >= _MIN_CHARS and minority >= _MIXED_SHARE * majority:
        return "mixed"
    return "traditional" if traditional_chars >= simplified_chars else "simplified"
