"""The lines of an input file as text: its encoding (UTF-8, or UTF-16 / UTF-32 when it starts
with their byte order mark) and its line ends (``\n``, ``\r\n``, or ``\r`` alone), or
``InputFileError`` naming the file and line that cannot be read."""

from __future__ import annotations

import codecs
import itertools
import re
from collections.abc import Generator
from pathlib import Path
from typing import IO

from .rows import InputFileError


def _open(path: Path) -> IO[bytes]:
    try:
        return path.open("rb")
    except IsADirectoryError:
        raise InputFileError(f"{path} is a directory, not a file") from None
    except FileNotFoundError:
        raise InputFileError(f"{path}: no such file") from None
    except PermissionError:
        raise InputFileError(f"{path}: permission denied (cannot read it)") from None


# The byte order marks of the Unicode encodings other than UTF-8 a file may start with (Excel's
# "Unicode Text" export writes UTF-16, tab-separated): such a file is read in its encoding.
# UTF-32's come first: its little-endian mark starts with UTF-16's.
_WIDE_BOMS = (
    (codecs.BOM_UTF32_LE, "UTF-32"),
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
)


def lines(path: Path) -> Generator[str, None, None]:
    """``_text_lines``, but split after each carriage return alone too when the first line
    ends in one: a file saved with classic Mac line ends (Excel's "CSV (Macintosh)") has no
    ``\n``. In a file whose lines end in ``\n`` a lone carriage return stays in its line."""
    text_lines = _text_lines(path)
    try:
        first = next(text_lines, None)
        if first is None:
            return
        cr = first.find("\r")
        if cr == -1 or first[cr + 1 : cr + 2] == "\n":  # \n or \r\n line ends
            yield first
            yield from text_lines
            return
        for text in itertools.chain([first], text_lines):
            yield from (part for part in _AFTER_LONE_CR.split(text) if part)
    finally:
        text_lines.close()


_AFTER_LONE_CR = re.compile(r"(?<=\r)(?!\n)")


def _text_lines(path: Path) -> Generator[str, None, None]:
    """The file's lines as text: UTF-8 (a leading byte order mark is dropped), UTF-16 or
    UTF-32 when the file starts with their byte order mark, or ``InputFileError`` naming the
    line and byte that are not."""
    with _open(path) as fh:
        head = fh.read(4)
        fh.seek(0)
        for bom, encoding in _WIDE_BOMS:
            if head.startswith(bom):
                yield from _wide_lines(path, fh, encoding)
                return
        for number, raw in enumerate(fh, start=1):
            try:
                yield raw.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError as exc:
                raise InputFileError(
                    f"{path}, line {number}: byte 0x{raw[exc.start]:02x} (character "
                    f"{exc.start + 1}) is not UTF-8 text; save the file as UTF-8 (Excel: "
                    "'CSV UTF-8'), or convert it, e.g. iconv -f latin1 -t utf-8"
                ) from None


def _wide_lines(path: Path, fh: IO[bytes], encoding: str) -> Generator[str, None, None]:
    """The lines of a UTF-16 or UTF-32 file (its byte order mark says which byte order),
    decoded a line's bytes at a time so that an error names its line."""
    make = codecs.getincrementaldecoder(encoding.lower())
    decoder = make()
    pending, number = "", 1
    for raw in itertools.chain(fh, [b""]):
        state = decoder.getstate()
        try:
            pending += decoder.decode(raw, final=not raw)
        except UnicodeDecodeError as exc:
            # the line of the bad bytes: the newlines before them (the bytes held from the
            # last line, e.g. the second byte of its newline, come first)
            before = make()
            before.setstate(state)
            good = before.decode(raw[: max(0, exc.start - len(state[0]))])
            raise InputFileError(
                f"{path}, line {number + good.count(chr(10))}: not {encoding} text "
                f"({exc.reason}), though the file "
                f"starts with {encoding}'s byte order mark; save the file as UTF-8 (Excel: "
                f"'CSV UTF-8'), or convert it, e.g. iconv -f {encoding.lower()} -t utf-8"
            ) from None
        *done, pending = pending.split("\n")
        for line in done:
            yield line + "\n"
            number += 1
    if pending:
        yield pending
