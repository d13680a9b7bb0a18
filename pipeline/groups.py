"""Documents delivered as several page images, read as one document's pages.

An agency that photographs or scans a report page by page sends `name_p1.jpg`,
`name_p2.jpg` (or `name-1.png`, `name (2).jpg`), or a camera's `IMG_0001.jpg`,
`IMG_0002.jpg`…: each image is a file (keyed by its sha256, with its own `files` and
`pages` rows), but extraction reads the group's pages together, so a table that runs
onto the next image keeps its rows. A lone image stays a document of its own.

- Named pages (`_p2`, `_page2`, `-2`, `_2`, ` (2)`) group by folder and stem: the
  name says they belong together.
- A camera's numbered images group only when they are plausibly one document:
  consecutive numbers, the same pixel size and orientation, and (after OCR) a page
  that opens with a memo heading (บันทึกข้อความ) starts a new document.

A group's id is the sha256 of its members' file ids in page order, so the same
images give the same group and a changed member gives a new one (re-extracted).
Its reports have `file_id` = the first member's, `file_group` = the group id, and
page numbers counted over the group (`file_groups.page_no` maps them to the member
files); its flags point at the member file and that file's page.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Iterable

from pipeline.readers import registry
from pipeline.pages import PageResult

# stem + page number: "report_p2", "report-page 2", "report-2", "report_2", "report (2)";
# a number of 1-3 digits (a camera counter has 4 or more)
_NAMED_PAGE = re.compile(
    r"^(?P<stem>.+?)(?:[ _-]*(?:p|page|หน้า)[ _-]*|[_-]| \()(?P<no>\d{1,3})\)?$", re.IGNORECASE
)
# a camera's or scanner's counter: "IMG_0001", "DSC01234", "Scan0003", "20231201_0007"
_COUNTER = re.compile(r"^(?P<stem>.*?)(?P<no>\d{4,})$")
_DATA = Path(__file__).resolve().parent / "data"
_PREFIXES: frozenset[str] | None = None
_THAI = re.compile(r"[\u0e00-\u0e7f]")
# a memo's heading near the top of a page: that page starts a new document
_MEMO_HEAD = re.compile(r"^\W*บันทึกข้อความ\W*$")
_HEAD_LINES = 3
_EMBLEM_JUNK_CHARS = 10  # OCR of the emblem (ครุฑ) above the heading
_SIZE_TOLERANCE = 0.02  # the same camera's images differ by no more than this


@dataclass(frozen=True)
class Member:
    path: str
    file_id: str
    media_type: str
    size: tuple[int, int] | None = None  # pixels, when known (camera sequences need it)


@dataclass(frozen=True)
class Group:
    members: tuple[Member, ...]  # in page order
    camera: bool = False  # a counter sequence: split where a page opens a new memo

    @property
    def group_id(self) -> str:
        return group_id(m.file_id for m in self.members)


def group_id(file_ids: Iterable[str]) -> str:
    return hashlib.sha256("\n".join(file_ids).encode()).hexdigest()


def _name_key(path: str) -> tuple[str, str, str, int] | None:
    """(kind, folder, stem, page number) of an image file's name, or None."""
    folder, name = os.path.split(path)
    stem, _ = os.path.splitext(name)
    m = _COUNTER.match(stem)
    if m and not _year_not_counter(m["stem"], int(m["no"])):
        return "camera", folder, m["stem"].casefold(), int(m["no"])
    m = _NAMED_PAGE.match(stem)
    if m:
        return "named", folder, m["stem"].strip().casefold(), int(m["no"])
    return None


def _camera_prefixes() -> frozenset[str]:
    global _PREFIXES
    if _PREFIXES is None:
        lines = (_DATA / "camera_prefixes.txt").read_text(encoding="utf-8").splitlines()
        _PREFIXES = frozenset(x.strip() for x in lines if x.strip() and not x.startswith("#"))
    return _PREFIXES


def _year_not_counter(stem: str, no: int) -> bool:
    """"รายงาน 2567", "ITA_2566": a Buddhist-Era year after a stem that is not a
    camera's (pipeline/data/camera_prefixes.txt), or any number after Thai words."""
    if _THAI.search(stem):
        return True
    return 2540 <= no <= 2600 and re.sub(r"[\s_\-.]", "", stem.casefold()) not in _camera_prefixes()


def plan(entries: Iterable[Member], size_of: Callable[[str], tuple[int, int] | None] | None = None
         ) -> list[Group]:
    """Groups of two or more page images among `entries` (files of other types, and
    images whose name carries no page number, are left out). Named pages group by
    folder and stem, in page-number order ("name.jpg" beside "name (2).jpg" is page 1);
    counter sequences split where a number is skipped or the pixel size or orientation
    changes (`size_of(path)`, default: the image header)."""
    size_of = size_of or image_size
    images = [e for e in entries if e.media_type in registry.IMAGE_TYPES]
    named: dict[tuple, list[tuple[int, Member]]] = {}
    counters: dict[tuple, list[tuple[int, Member]]] = {}
    plain: dict[tuple, Member] = {}  # "name.jpg": page 1 of "name (2).jpg"'s group
    for e in images:
        key = _name_key(e.path)
        if key is None:
            folder, name = os.path.split(e.path)
            plain[(folder, os.path.splitext(name)[0].strip().casefold())] = e
            continue
        kind, folder, stem, no = key
        (counters if kind == "camera" else named).setdefault((folder, stem), []).append((no, e))
    groups = []
    for (folder, stem), pages in named.items():
        if (folder, stem) in plain and all(no >= 2 for no, _ in pages):
            pages = [(1, plain[(folder, stem)])] + pages
        pages.sort(key=lambda p: (p[0], p[1].path))
        if len(pages) >= 2:
            groups.append(Group(tuple(m for _, m in pages)))
    for pages in counters.values():
        pages.sort(key=lambda p: (p[0], p[1].path))
        run: list[Member] = []
        prev_no = None
        for no, m in pages:
            m = replace(m, size=m.size or size_of(m.path))
            if run and not (no == prev_no + 1 and _same_size(run[-1].size, m.size)):
                groups.append(Group(tuple(run), camera=True))
                run = []
            run.append(m)
            prev_no = no
        groups.append(Group(tuple(run), camera=True))
    return sorted((g for g in groups if len(g.members) >= 2), key=lambda g: g.members[0].path)


def _same_size(a: tuple[int, int] | None, b: tuple[int, int] | None) -> bool:
    """Same pixel size and orientation (within a small tolerance)."""
    if a is None or b is None:
        return False
    return all(abs(x - y) <= _SIZE_TOLERANCE * max(x, y) for x, y in zip(a, b))


def image_size(path: str) -> tuple[int, int] | None:
    """Pixel size from the image's header (the pixels are not decoded); None when
    it cannot be read (the reader reports why)."""
    from PIL import Image

    try:
        with Image.open(path) as im:
            return im.size
    except Exception:
        return None


def opens_new_document(page: PageResult) -> bool:
    """A page whose first lines are a memo's heading (บันทึกข้อความ)."""
    for line in [x for x in page.text.split("\n") if x.strip()][:_HEAD_LINES]:
        if _MEMO_HEAD.match(line):
            return True
        if len(line.strip()) > _EMBLEM_JUNK_CHARS:
            return False
    return False


def split(group: Group, pages: dict[str, list[PageResult]]) -> list[Group]:
    """A camera sequence cut before every image (after the first) that opens a new
    memo; named groups stay whole (the name says they are one delivery; a memo and its
    attachment inside one document are told apart by pipeline/segment.py)."""
    if not group.camera:
        return [group]
    out, run = [], []
    for m in group.members:
        first = (pages.get(m.file_id) or [None])[0]
        if run and first is not None and opens_new_document(first):
            out.append(replace(group, members=tuple(run)))
            run = []
        run.append(m)
    out.append(replace(group, members=tuple(run)))
    return out


def group_pages(group: Group, pages: dict[str, list[PageResult]]
                ) -> tuple[list[PageResult], list[tuple[str, int]]]:
    """The group's pages numbered 1… in member order, and for each group page its
    (member file_id, page_no in that file)."""
    out, where = [], []
    for m in group.members:
        for p in pages.get(m.file_id, ()):
            out.append(replace(p, page_no=len(out) + 1))
            where.append((m.file_id, p.page_no))
    return out, where


@dataclass
class Pending:
    """A group waiting for its members' results during a run."""

    group: Group
    waiting: set[str]
    results: dict = field(default_factory=dict)  # file_id -> the member's FileResult


@dataclass(frozen=True)
class Unit:
    """What one load transaction holds: a file on its own (group None), or a group's
    member files with the group's extraction (a FileResult over the group's pages)."""

    members: tuple  # FileResult of each member, in page order
    group: object = None  # FileResult over the group's pages
    group_id: str | None = None
    where: tuple = ()  # group page -> (member file_id, its page_no)
    arrived: frozenset = frozenset()  # members read in this run (not from the database)
    via_group: bool = False  # planned in a group (or was in one): older groups to delete

    @property
    def n_reports(self) -> int:
        if self.group is not None:
            return len(self.group.extraction.reports)
        return sum(len(r.extraction.reports) for r in self.members)


class GroupRun:
    """Holds grouped images' results during a run until each group is complete, then
    hands back what to load. `stored(member)` gives a member that was not read in this
    run (unchanged since it was loaded) from its stored pages."""

    def __init__(self, groups: list[Group], arriving: set[str], stored: Callable):
        self._group_of = {m.file_id: g.group_id for g in groups for m in g.members}
        self._pending = {g.group_id: Pending(g, {m.file_id for m in g.members if m.file_id in arriving})
                         for g in groups}
        self._stored = stored

    def take(self, result) -> list[Unit]:
        fid = result.task.file_id
        gid = self._group_of.get(fid)
        if gid is None or gid not in self._pending:
            return [Unit((result,), arrived=frozenset({fid}))]
        pend = self._pending[gid]
        pend.results[fid] = result
        pend.waiting.discard(fid)
        if pend.waiting:
            return []
        del self._pending[gid]
        return self._build(pend)

    def flush(self) -> list[Unit]:
        """The groups not completed by arrivals (nothing of them was read in this run,
        but their membership changed: a member removed)."""
        out = []
        for gid in list(self._pending):
            out += self._build(self._pending.pop(gid))
        return out

    def _build(self, pend: Pending) -> list[Unit]:
        from pipeline.stages import finish_file

        arrived = frozenset(pend.results)
        results = {m.file_id: pend.results.get(m.file_id) or self._stored(m)
                   for m in pend.group.members}
        pages = {fid: list(r.pages) for fid, r in results.items()}
        out = []
        for piece in split(pend.group, pages):
            members = tuple(results[m.file_id] for m in piece.members)
            if len(members) == 1:  # a lone image: its own extraction
                out.append(Unit(members, arrived=arrived & {members[0].task.file_id},
                                via_group=True))
                continue
            gpages, where = group_pages(piece, pages)
            group = finish_file(members[0].task, gpages, None)
            out.append(Unit(members, group, piece.group_id, tuple(where),
                            arrived & {r.task.file_id for r in members}, True))
        return out


def records(unit: Unit, now) -> tuple[list[tuple[dict, str]], dict[str, list]]:
    """The rows of a group's load: each member's own (files, pages, and its page
    flags such as ocr_required), and the group's (reports with `file_group`, their
    rows, flags pointed at the member file and page, `file_groups`)."""
    from pipeline.extract import Extraction
    from pipeline.stages import to_records
    from schemas.records import TABLES, FileGroupRecord

    if unit.group is None:
        return [(to_records(r, now), r.task.path) for r in unit.members], {}
    members = [(to_records(replace(r, extraction=Extraction()), now), r.task.path)
               for r in unit.members]
    ex = unit.group.extraction
    gid = unit.group_id
    first_page: dict[str, int] = {}
    for gpage, (fid, _) in enumerate(unit.where, 1):
        first_page.setdefault(fid, gpage)

    def at(flag):
        if flag.page is not None and 1 <= flag.page <= len(unit.where):
            fid, page_no = unit.where[flag.page - 1]
            return flag.model_copy(update={"file_id": fid, "page": page_no})
        return flag

    # every table the extraction fills (reports, their rows, flags), as load_file takes them
    group = {f.name: list(getattr(ex, f.name)) for f in dataclasses.fields(ex) if f.name in TABLES}
    group["reports"] = [r.model_copy(update={"file_group": gid}) for r in ex.reports]
    group["flags"] = [at(f) for f in ex.flags]
    group.update({
        "file_groups": [
            FileGroupRecord(group_id=gid, file_id=r.task.file_id, member_no=i,
                            page_no=first_page.get(r.task.file_id))
            for i, r in enumerate(unit.members, 1)
        ],
    })
    return members, group


def for_run(con, entries: list[Member], arriving: set[str], stored: Callable) -> GroupRun:
    """The groups this run must (re)extract: those with a member read in this run, or
    whose stored membership differs (a member removed); and each unchanged image that
    was in a group but is not any more (extracted again on its own)."""
    from pipeline import load

    planned = plan(entries)
    in_plan = {m.file_id for g in planned for m in g.members}
    todo = []
    for g in planned:
        ids = [m.file_id for m in g.members]
        if arriving.intersection(ids) or not load.group_is_current(con, ids):
            todo.append(g)
    for e in entries:
        if (e.media_type in registry.IMAGE_TYPES and e.file_id not in in_plan
                and e.file_id not in arriving and load.in_a_group(con, e.file_id)):
            todo.append(Group((e,)))
    return GroupRun(todo, arriving, stored)
