"""Find input files, tell their type by content (never by extension: the readers' registry
sniffs the first bytes), hash them."""

from __future__ import annotations

import fnmatch
import hashlib
import json
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from pipeline.readers import registry

_SNIFF_BYTES = 8192


_SIDECARS = tuple(
    json.loads((Path(__file__).with_name("data") / "sidecars.json").read_text(encoding="utf-8"))["globs"]
)


# all the globs in one pattern: most names match none, and one match is cheaper than
# a glob each (5,000 files: 0.3 s)
_ANY_SIDECAR = re.compile("|".join(fnmatch.translate(g) for g in _SIDECARS))


def sidecar(path: str) -> str | None:
    """The glob a file's name matches when it is a sidecar (ground truth, a table,
    notes) rather than a report; None for a file to read."""
    name = os.path.basename(path).lower()
    if not _ANY_SIDECAR.match(name):
        return None
    return next((g for g in _SIDECARS if fnmatch.fnmatchcase(name, g)), None)


@dataclass(frozen=True)
class Candidate:
    path: str  # absolute (stored so, and right from any folder)
    size_bytes: int | None
    error: str | None = None  # could not even stat it
    skipped: str | None = None  # why it is not read (a sidecar)
    mtime_ns: int | None = None  # with size_bytes: whether it changed since it was hashed


def discover(paths: list[str], skip: set[str] = frozenset()) -> list[Candidate]:
    """Every regular file under `paths`, recursively, sorted, hidden files and
    folders left out. Symlinked folders are not followed (no loops); a symlink to a
    file is read like the file."""
    skip_real = {os.path.realpath(s) for s in skip}
    # the same files as (device, inode): cheaper to compare than a realpath per file
    skip_ids = set()
    for s in skip:
        try:
            st = os.stat(s)
            skip_ids.add((st.st_dev, st.st_ino))
        except OSError:
            pass
    out: dict[str, Candidate] = {}

    def add(p: str) -> None:
        p = os.path.abspath(p)
        try:
            st = os.stat(p)
        except OSError as e:
            st, error = None, e
        if st is not None and (st.st_dev, st.st_ino) in skip_ids:
            return
        if st is None and os.path.realpath(p) in skip_real:
            return
        glob = sidecar(p)
        if glob:
            out[p] = Candidate(p, None, skipped=f"not a report (sidecar file, {glob})")
            return
        if st is None:
            out[p] = Candidate(p, None, f"cannot read: {error.strerror or error}")
            return
        if stat.S_ISREG(st.st_mode):
            out[p] = Candidate(p, st.st_size, mtime_ns=st.st_mtime_ns)

    for root in paths:
        if os.path.isdir(root):
            for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
                dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
                for name in filenames:
                    if not name.startswith("."):
                        add(os.path.join(dirpath, name))
        else:
            add(root)
    return sorted(out.values(), key=lambda c: c.path)


def sha256_of(path: str) -> str:
    """sha256 hex of a file's content (hash_and_sniff without the type)."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def hash_and_sniff(path: str) -> tuple[str, str]:
    """(sha256 hex, media type) of a file, reading it once; the type is told by the
    file's first bytes (pipeline/readers/registry.py)."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        head = f.read(_SNIFF_BYTES)
        h.update(head)
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest(), registry.sniff(head)


# A file hashed this soon after its last change may change again within the same tick
# of the file system's clock and keep its size and mtime (git's "racily clean" entries):
# its stat is not stored, so the next run hashes it. Whole-second mtimes (FAT, some
# network file systems) tick every 1-2 s; others within ~10 ms.
_RACY_NS = 50_000_000
_RACY_COARSE_NS = 2_000_000_000


def stable_stat(size: int | None, mtime_ns: int | None, hashed_ns: int) -> tuple[int, int] | None:
    """(size, mtime_ns) of a file whose content was hashed from `hashed_ns` on (stat
    taken before), when a later change must show in them; else None."""
    if size is None or mtime_ns is None:
        return None
    window = _RACY_COARSE_NS if mtime_ns % 1_000_000_000 == 0 else _RACY_NS
    return (size, mtime_ns) if hashed_ns - mtime_ns > window else None


def path_id(path: str) -> str:
    """An id for a file whose content could not be read: its path, hashed."""
    return hashlib.sha256(b"unreadable:" + os.fsencode(str(Path(path)))).hexdigest()


def stored_path(path: str) -> str:
    """The path as stored in the database and printed. A path that is valid UTF-8 is
    unchanged. A name that is not (TIS-620/cp874 bytes from a Windows zip, which Python
    holds as lone surrogates DuckDB cannot store) has each of its bytes >= 0x80 written
    as `\\xNN`: faithful (the escapes name the bytes on disk), never a guess at the
    encoding; the other parts of the path stay as they are."""
    raw = os.fsencode(path)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    parts = []
    for part in raw.split(b"/"):
        try:
            parts.append(part.decode("utf-8"))
        except UnicodeDecodeError:
            parts.append("".join(chr(b) if b < 0x80 else f"\\x{b:02x}" for b in part))
    return "/".join(parts)


# C0/C1 controls and the bidirectional overrides: a file name must not move the cursor,
# clear the screen or reverse the text of the line it is printed in
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def shown_path(path: str) -> str:
    """The path as printed: stored_path with control characters escaped (`\\n`, `\\x1b`)."""
    return _UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"),
                            stored_path(path))
