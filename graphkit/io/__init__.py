"""Import and export: the JSON document, CSV, XLSX, GraphML, GEXF, Kumu and Polinode
workbooks in; JSON, CSV, XLSX, GraphML, GEXF out."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from graphkit.io.readers import LARGE_INPUT, ImportLimits, build_change, files_from_paths
from graphkit.analysis.options import AnalysisOptions
from graphkit.io.writers import FORMATS, export_bytes, to_csv_files
from graphkit.store.port import ChangeSummary, NetworkChange, NetworkStore, Snapshot


def _known_ids(store: NetworkStore | None, known: Snapshot | None,
               known_ids: dict[str, set[str]] | None) -> dict[str, set[str]]:
    if known_ids is not None:
        return {"known_stakeholders": known_ids.get("stakeholders", set()),
                "known_groups": known_ids.get("groups", set()),
                "known_touchpoints": known_ids.get("touchpoints", set())}
    if known is None and store is not None:
        known = store.snapshot()
    if known is None:
        return {"known_stakeholders": set(), "known_groups": set(), "known_touchpoints": set()}
    return {"known_stakeholders": set(known.stakeholders["id"].to_pylist()),
            "known_groups": set(known.groups["id"].to_pylist()),
            "known_touchpoints": set(known.touchpoints["id"].to_pylist())}


def load_files(files: list[tuple[str, bytes]], store: NetworkStore | None = None, *,
               known: Snapshot | None = None, known_ids: dict[str, set[str]] | None = None,
               default_groups: bool = False, progress: Any = None,
               limits: ImportLimits | None = None) -> NetworkChange:
    """Files (name, content) into a validated change, cross-checked against what is
    stored: ``known_ids`` (per kind, ids the caller knows are stored), ``known`` (a
    snapshot) or else ``store``."""
    return build_change(files, default_groups=default_groups, progress=progress,
                        limits=limits, **_known_ids(store, known, known_ids))


def load_paths(paths: list[str | Path], store: NetworkStore | None = None, *,
               default_groups: bool = False, progress: Any = None,
               limits: ImportLimits | None = None) -> NetworkChange:
    """Files or CSV folders on disk into a validated change."""
    return load_files(files_from_paths(paths), store, default_groups=default_groups,
                      progress=progress, limits=limits)


def import_network(store: NetworkStore, change: NetworkChange) -> ChangeSummary:
    """Apply an import as one transaction: all or nothing; a repeat changes nothing."""
    return store.apply(change)


def export_network(store_or_snapshot: Any, fmt: str, out: str | Path, *,
                   options: AnalysisOptions | None = None) -> Path:
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


__all__ = ["FORMATS", "LARGE_INPUT", "ImportLimits", "export_bytes", "export_network", "import_network",
           "load_files", "load_paths"]
