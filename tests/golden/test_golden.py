"""Golden files: every registered exporter on every case, compared byte for byte.

Cases are ``tests/cases/*.json`` plus the demo project. The expected output of target ``T`` on
case ``C`` lives in ``expected/T/C.<ext>`` when the export is one file, or in the folder
``expected/T/C/`` (mirroring the export's paths) when it is several. What the exporter reported
(diagnostics) is part of the expectation, in ``expected/T/C.diagnostics.txt``. A variant (an
export with options, listed in ``VARIANTS``) is the case name plus ``.<variant>``.

A new target is covered by registering it: run ``UPDATE_GOLDEN=<target> pytest tests/golden`` to
write its files (``UPDATE_GOLDEN=1`` rewrites all), then read every one of them before
committing (the test cannot know they are right, only that they do not change by accident).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import pytest

from designer.core.consistency import check_consistency
from designer.core.exporters import ExportResult, export, exporters
from designer.core.exporters.base import OptionValue
from tests.support.cases import CASES, ROOT, load_case

HERE = Path(__file__).resolve().parent
EXPECTED = HERE / "expected"
#: ``UPDATE_GOLDEN=1`` rewrites every target's golden files; ``UPDATE_GOLDEN=prisma,drizzle`` only those.
UPDATE = {t.strip() for t in os.environ.get("UPDATE_GOLDEN", "").split(",") if t.strip()}

#: Exports with options worth pinning too: target -> variant name -> options.
VARIANTS: dict[str, dict[str, dict[str, OptionValue]]] = {
    "sql": {"idempotent": {"idempotent": True}},
}


@dataclass(frozen=True)
class GoldenCase:
    target: str
    case: str
    variant: str = ""
    options: tuple[tuple[str, OptionValue], ...] = ()

    @property
    def stem(self) -> str:
        return f"{self.case}.{self.variant}" if self.variant else self.case

    @property
    def id(self) -> str:
        return f"{self.target}-{self.stem}"


def golden_cases() -> list[GoldenCase]:
    out = []
    for target in exporters():
        for case in CASES:
            out.append(GoldenCase(target.value, case))
            for variant, options in VARIANTS.get(target.value, {}).items():
                out.append(GoldenCase(target.value, case, variant, tuple(sorted(options.items()))))
    return out


def expected_files(result: ExportResult, gc: GoldenCase) -> dict[Path, str]:
    """Where each produced file (and the diagnostics) is expected, with its content."""
    base = EXPECTED / gc.target
    if len(result.files) == 1:
        (path, text), = result.files.items()
        out = {base / f"{gc.stem}{PurePosixPath(path).suffix or '.txt'}": text}
    else:
        out = {base / gc.stem / Path(*PurePosixPath(path).parts): text for path, text in result.files.items()}
    if result.diagnostics:
        out[base / f"{gc.stem}.diagnostics.txt"] = "".join(f"{d}\n" for d in result.diagnostics)
    return out


def existing_files(gc: GoldenCase) -> set[Path]:
    """The golden files on disk that belong to ``gc`` (a file belongs to the longest stem it starts with)."""
    base = EXPECTED / gc.target
    stems = {other.stem for other in golden_cases() if other.target == gc.target}
    found: set[Path] = set()
    if base.is_dir():
        for path in base.iterdir():
            owners = [s for s in stems if path.name.startswith(f"{s}.")]
            if path.is_file() and owners and max(owners, key=len) == gc.stem:
                found.add(path)
    folder = base / gc.stem
    if folder.is_dir():
        found |= {p for p in folder.rglob("*") if p.is_file()}
    return found


@pytest.mark.parametrize("gc", golden_cases(), ids=lambda gc: gc.id)
def test_export_matches_golden_files(gc: GoldenCase) -> None:
    schema = load_case(gc.case)
    result = export(schema, gc.target, dict(gc.options))
    again = export(schema, gc.target, dict(gc.options))
    assert again == result, "the export is not deterministic: two runs gave different output"
    wanted = expected_files(result, gc)
    stale = existing_files(gc) - set(wanted)
    if "1" in UPDATE or gc.target in UPDATE:
        for path, text in wanted.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            if not path.exists() or path.read_text("utf-8") != text:
                path.write_text(text, "utf-8")
        for path in stale:
            path.unlink()
        return
    missing = [p for p in wanted if not p.exists()]
    rerun = f"UPDATE_GOLDEN={gc.target} pytest tests/golden"
    assert not missing, (f"no golden file {', '.join(str(p.relative_to(ROOT)) for p in missing)}: run "
                         f"{rerun} to write it, then read it before committing")
    assert not stale, (f"golden files {', '.join(str(p.relative_to(ROOT)) for p in sorted(stale))} are no longer "
                       f"produced (a diagnostic went away, or the file set changed): run {rerun}")
    for path, text in wanted.items():
        expected = path.read_text("utf-8")
        assert text == expected, f"{path.relative_to(ROOT)} differs ({rerun} rewrites it; review the diff)"


@pytest.mark.parametrize("name", sorted(CASES))
def test_case_is_well_formed(name: str) -> None:
    """Every case is a valid design, so a golden failure is always about the exporter."""
    assert check_consistency(load_case(name)) == []


def test_every_golden_folder_belongs_to_a_registered_target() -> None:
    targets = {t.value for t in exporters()}
    strays = sorted(p.name for p in EXPECTED.iterdir() if p.is_dir() and p.name not in targets)
    assert not strays, f"golden folders for unknown targets: {strays}"
