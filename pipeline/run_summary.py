"""What one `ita ingest` run tells its user: the summary line and its counts, and the
progress line on a terminal.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TextIO

from pipeline import discover as disc
from pipeline.pages import OCR
from schemas.vocab import FileStatus

if TYPE_CHECKING:
    from pipeline.stages import FileResult


@dataclass
class Summary:
    # files by status (FileStatus): read in this run, or skipped as loaded (count())
    ok: int = 0
    partial: int = 0
    failed: int = 0
    skipped: int = 0
    pages: int = 0
    reports: int = 0
    seconds: float = 0.0
    sidecars: int = 0  # files skipped as not reports (ground truth, tables, notes)
    retried: int = 0  # of ok + partial + failed: files partial or failed before, read again
    # flags of the files loaded in this run and of the cross-file check, by severity
    flags: dict[str, int] = field(default_factory=lambda: {"error": 0, "warning": 0, "info": 0})

    def count(self, status: FileStatus) -> None:
        """One more file of `status`."""
        match FileStatus(status):
            case FileStatus.OK:
                self.ok += 1
            case FileStatus.PARTIAL:
                self.partial += 1
            case FileStatus.FAILED:
                self.failed += 1
            case FileStatus.SKIPPED:
                self.skipped += 1

    def line(self) -> str:
        flags = ", ".join(f"{n} {sev}" for sev, n in self.flags.items())
        again = (f" ({self.retried} partial or failed before, read again)"
                 if self.retried else "")
        return (
            f"ita ingest: {self.ok} ok, {self.partial} partial, {self.failed} failed{again}, "
            f"{self.skipped} unchanged"
            + (f", {self.sidecars} sidecar(s) skipped" if self.sidecars else "")
            + f"; {self.pages} pages, {self.reports} reports; flags: {flags} "
            f"in {self.seconds:.1f} s"
        )


class Progress:
    """Plain progress lines on stderr (one per file), so logs and terminals both work."""

    def __init__(self, total: int, out: TextIO | None = None):
        # sys.stderr is looked up now, not at import: it may have been replaced since
        self.total, self.done, self.out = total, 0, out or sys.stderr
        self.pages = 0
        self.bar = None  # on a terminal a bar (files, pages, time left); plain lines otherwise
        if total and getattr(self.out, "isatty", lambda: False)():
            from tqdm import tqdm

            self.bar = tqdm(total=total, file=self.out, unit="file", dynamic_ncols=True)

    def file_done(self, result: FileResult) -> None:
        self.done += 1
        t = result.task
        detail = f"{len(result.pages)} page(s), {len(result.extraction.reports)} report(s)"
        n_ocr = sum(p.method == OCR for p in result.pages)
        if n_ocr:
            detail += f", {n_ocr} page(s) OCR'd"
        line = f"[{self.done}/{self.total}] {result.status:<7} {disc.shown_path(t.path)}: {detail}"
        if result.error:  # it may quote the path (an OSError's message)
            line += f" — {disc.shown_path(result.error)}"
        if self.bar is None:
            print(line, file=self.out, flush=True)
            return
        self.pages += len(result.pages)
        if result.status != FileStatus.OK:
            self.bar.write(line, file=self.out)
        self.bar.set_postfix_str(f"{self.pages} pages", refresh=False)
        self.bar.update(1)

    def note(self, msg: str) -> None:
        if self.bar is not None:
            self.bar.write(msg, file=self.out)
        else:
            print(msg, file=self.out, flush=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
