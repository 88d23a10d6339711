"""Import and export: the JSON document, CSV, XLSX in; JSON, CSV, GraphML, GEXF out."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from graphkit.io.readers import LARGE_INPUT, ImportLimits, build_change, files_from_paths
from graphkit.io.writers import FORMATS, export_bytes, to_csv_files, to_gexf, to_graphml, to_json
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


def export_network(store_or_snapshot: Any, fmt: str, out: str | Path) -> Path:
    """Write the network to ``out``: a file, or for CSV a folder of three files."""
    snapshot = (store_or_snapshot.snapshot() if hasattr(store_or_snapshot, "snapshot")
                else store_or_snapshot)
    out = Path(out)
    if fmt == "csv":
        out.mkdir(parents=True, exist_ok=True)
        for name, text in to_csv_files(snapshot).items():
            (out / name).write_text(text, encoding="utf-8")
        return out
    writer = {"json": to_json, "graphml": to_graphml, "gexf": to_gexf}.get(fmt)
    if writer is None:
        raise ValueError(f"unknown export format '{fmt}' (expected one of {', '.join(FORMATS)})")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(writer(snapshot), encoding="utf-8")
    return out


__all__ = ["FORMATS", "LARGE_INPUT", "ImportLimits", "export_bytes", "export_network", "import_network",
           "load_files", "load_paths"]
