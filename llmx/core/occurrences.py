"""Every occurrence of many short strings in one long text, in one pass.

Looking for each village name with ``str.find`` costs a scan of the text per name, and a
long report names villages in proportion to its length: time grew with the square of
the size. An Aho-Corasick automaton finds all of them in one scan.
"""

from __future__ import annotations

from collections.abc import Iterable

from ahocorasick_rs import AhoCorasick


def find_all(text: str, needles: Iterable[str]) -> dict[str, list[int]]:
    """``needle -> start offsets`` of every occurrence in ``text``, overlapping ones too,
    ascending: what repeated ``text.find(needle, pos + 1)`` gives. Empty needles are left out."""
    wanted = list(dict.fromkeys(n for n in needles if n))
    found: dict[str, list[int]] = {n: [] for n in wanted}
    if not wanted or not text:
        return found
    automaton = AhoCorasick(wanted)
    for index, start, _ in automaton.find_matches_as_indexes(transient(text), overlapping=True):
        found[wanted[index]].append(start)
    for positions in found.values():
        positions.sort()  # already ascending (one needle, one length, matches by their end): cheap
    return found


def transient(text: str) -> str:
    """A copy of ``text`` to hand to the automaton. It reads a ``str`` as UTF-8, which
    CPython then keeps inside the string object for its lifetime: on a copy, that
    buffer (half again the text's size) goes when the search is done, not when the
    (cached) text itself does."""
    return text[:1] + text[1:] if len(text) > 1 else text
