"""Import and export: the JSON document, CSV, XLSX, GraphML, GEXF, Kumu and Polinode
workbooks in; JSON, CSV, XLSX, GraphML, GEXF out."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any, Protocol

import pyarrow as pa

from graphkit.analysis.options import AnalysisOptions
from graphkit.io.readers import build_change, files_from_paths
from graphkit.io.writers import FORMATS, export_bytes, to_csv_files
from graphkit.model import NetworkChange, Snapshot
from graphkit.settings import ImportLimits


class Register(Protocol):
    """What reading and writing files needs of a store (any :class:`NetworkStore`): io
    sits beside the store adapters and does not import them."""

    def snapshot(self) -> Snapshot: ...

    def plan_actions(self) -> pa.Table: ...


def _known_ids(
    store: Register | None, known: Snapshot | None, known_ids: dict[str, set[str]] | None
) -> dict[str, set[str]]:
    if known_ids is not None:
        return {
            "known_stakeholders": known_ids.get("stakeholders", set()),
            "known_groups": known_ids.get("groups", set()),
            "known_touchpoints": known_ids.get("touchpoints", set()),
        }
    if known is None and store is not None:
        known = store.snapshot()
    if known is None:
        return {"known_stakeholders": set(), "known_groups": set(), "known_touchpoints": set()}
    return {
        "known_stakeholders": set(known.stakeholders["id"].to_pylist()),
        "known_groups": set(known.groups["id"].to_pylist()),
        "known_touchpoints": set(known.touchpoints["id"].to_pylist()),
    }


def load_files(
    files: list[tuple[str, bytes]],
    store: Register | None = None,
    *,
    known: Snapshot | None = None,
    known_ids: dict[str, set[str]] | None = None,
    default_groups: bool = False,
    progress: Any = None,
    limits: ImportLimits | None = None,
) -> NetworkChange:
    """Files (name, content) into a validated change, cross-checked against what is
    stored: ``known_ids`` (per kind, ids the caller knows are stored), ``known`` (a
    snapshot) or else ``store``."""
    return build_change(
        files,
        default_groups=default_groups,
        progress=progress,
        limits=limits,
        **_known_ids(store, known, known_ids),
    )


def load_paths(
    paths: Iterable[str | Path],
    store: Register | None = None,
    *,
    default_groups: bool = False,
    progress: Any = None,
    limits: ImportLimits | None = None,
) -> NetworkChange:
    """Files or CSV folders on disk into a validated change."""
    return load_files(
        files_from_paths(paths),
        store,
        default_groups=default_groups,
        progress=progress,
        limits=limits,
    )


def export_network(
    store_or_snapshot: Any, fmt: str, out: str | Path, *, options: AnalysisOptions | None = None
) -> Path:
    """Write the network to ``out``: a file, or for CSV a folder of four files.

    An XLSX, GraphML or GEXF also carries the analysis (``options``: as of today by
    default); from a store, the plan sheet shows the stored statuses.
    """
    is_store = hasattr(store_or_snapshot, "snapshot")
    snapshot = store_or_snapshot.snapshot() if is_store else store_or_snapshot
    out = Path(out)
    if fmt == "csv":
        out.mkdir(parents=True, exist_ok=True)
        for name, text in to_csv_files(snapshot).items():
            (out / name).write_text(text, encoding="utf-8")
        return out
    states = None
    if is_store and fmt == "xlsx":
        states = {row["id"]: row for row in store_or_snapshot.plan_actions().to_pylist()}
    content, _, _ = export_bytes(snapshot, fmt, options=options, plan_states=states)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(content)
    return out


__all__ = [
    "FORMATS",
    "ImportLimits",
    "Register",
    "export_bytes",
    "export_network",
    "load_files",
    "load_paths",
]
