"""Heavy results kept by what they were computed from.

Centrality, reach and communities cost seconds to minutes; gaps and the plan cost
milliseconds. A logged contact, a stance or a note leaves the ties alone, so the heavy
results of the last analysis still hold: this shelf keeps them under a *fingerprint* of
their inputs (a digest of the stakeholders and their weighted ties, and for reach of the
broadcasts, the PMO and the groups too) and hands them back to the next analysis whose
inputs digest the same. Kept in memory and, given a folder, on disk: a restarted server
finds them again.

Files are written whole or not at all (a temporary name, then a rename), as NumPy arrays
(``.npz``, never pickles) and JSON, in a folder only the owner can read (stakeholder data is
personal data).
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from collections import OrderedDict
from dataclasses import asdict
from pathlib import Path
from typing import Any

import numpy as np

from graphkit.analysis.centrality import CentralityTable, Estimate, PathMethod
from graphkit.network import Network

__all__ = ["ResultShelf", "digest", "reach_fingerprint", "ties_fingerprint"]


def digest(*parts: Any) -> str:
    h = hashlib.sha256()
    for part in parts:
        if isinstance(part, np.ndarray):
            h.update(str(part.dtype).encode())
            h.update(np.ascontiguousarray(part).tobytes())
        else:
            h.update(json.dumps(part, default=str, sort_keys=True).encode())
        h.update(b"\x1f")
    return h.hexdigest()[:32]


def ties_fingerprint(net: Network) -> str:
    """A digest of what centrality and communities read: the stakeholders in order and
    their personal ties with weights."""
    return digest(
        "ties", net.directed, net.ids.tolist(), net.edge_source, net.edge_target, net.weight
    )


def reach_fingerprint(net: Network) -> str:
    """A digest of what reach reads: the ties and broadcasts with weights, who is in the
    PMO, the groups, and the names it reports."""
    source, target, weight = net.reach_edges
    return digest(
        "reach",
        ties_fingerprint(net),
        source,
        target,
        weight,
        net.is_pmo,
        net.group_index,
        net.group_labels,
        net.groups.names,
        net.name.tolist(),
    )


class ResultShelf:
    """Finished heavy results by key; the last ``keep`` in memory, every one on disk.

    Parameters
    ----------
    folder : path, optional
        Where results are kept across restarts (created ``0700``); memory only without.
    keep : int, default 8
        Results held in memory.
    """

    def __init__(self, folder: str | Path | None = None, keep: int = 8) -> None:
        self.folder = Path(folder) if folder is not None else None
        self.keep = keep
        self._memory: OrderedDict[str, Any] = OrderedDict()
        self._lock = threading.Lock()
        if self.folder is not None:
            self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)

    # -- memory --------------------------------------------------------------------------
    def _remember(self, key: str, value: Any) -> None:
        with self._lock:
            self._memory[key] = value
            self._memory.move_to_end(key)
            while len(self._memory) > self.keep:
                self._memory.popitem(last=False)

    def _recall(self, key: str) -> Any:
        with self._lock:
            if key in self._memory:
                self._memory.move_to_end(key)
                return self._memory[key]
        return None

    def has(self, key: str) -> bool:
        with self._lock:
            if key in self._memory:
                return True
        return self.folder is not None and (self.folder / f"{key}.json").exists()

    # -- disk ----------------------------------------------------------------------------
    def _write(self, name: str, write: Any) -> None:
        assert self.folder is not None
        final = self.folder / name
        temporary = final.with_name(f".{final.name}.{os.getpid()}.{threading.get_ident()}")
        write(temporary)
        os.replace(temporary, final)  # whole or not at all

    # -- centrality tables ---------------------------------------------------------------
    def table(self, key: str) -> CentralityTable | None:
        found = self._recall(key)
        if found is not None or self.folder is None:
            return found  # type: ignore[no-any-return]
        arrays_file, method_file = self.folder / f"{key}.npz", self.folder / f"{key}.json"
        if not (arrays_file.exists() and method_file.exists()):
            return None
        try:
            with np.load(arrays_file, allow_pickle=False) as arrays:
                columns = {m: arrays[m] for m in CentralityTable.MEASURES}
            method = _method(json.loads(method_file.read_text()))
        except (OSError, ValueError, KeyError, TypeError):
            return None  # a torn or foreign file is recomputed, not trusted
        table = CentralityTable(**columns, method=method)
        self._remember(key, table)
        return table

    def put_table(self, key: str, table: CentralityTable) -> None:
        self._remember(key, table)
        if self.folder is None:
            return
        columns = {m: table.column(m) for m in CentralityTable.MEASURES}
        self._write(f"{key}.npz", lambda path: _save_npz(path, columns))
        # the JSON last: its presence says the arrays beside it are whole
        self._write(f"{key}.json", lambda path: path.write_text(json.dumps(asdict(table.method))))

    # -- JSON parts ----------------------------------------------------------------------
    def part(self, key: str) -> Any:
        found = self._recall(key)
        if found is not None or self.folder is None:
            return found
        file = self.folder / f"{key}.json"
        try:
            value = json.loads(file.read_text()) if file.exists() else None
        except (OSError, ValueError):
            return None
        if value is not None:
            self._remember(key, value)
        return value

    def put_part(self, key: str, value: Any) -> None:
        self._remember(key, value)
        if self.folder is not None:
            self._write(f"{key}.json", lambda path: path.write_text(json.dumps(value)))


def _save_npz(path: Path, columns: dict[str, np.ndarray]) -> None:
    with open(path, "wb") as handle:
        np.savez(handle, **columns)  # type: ignore[arg-type]


def _method(data: dict[str, Any]) -> PathMethod:
    estimates: dict[str, Any] = {
        name: Estimate(**data.pop(name)) for name in ("betweenness", "closeness", "harmonic")
    }
    return PathMethod(**data, **estimates)
