"""Analysis of the PMO network: pure functions over a :class:`graphkit.network.Network`.

One module per concept: ``centrality``, ``reach``, ``gaps``, ``communities``,
``complexity``, ``plan``; ``report`` puts them together (``build_report``,
``build_part``); ``options`` holds ``AnalysisOptions``.
"""

from graphkit.analysis.options import AnalysisOptions

__all__ = ["PARTS", "AnalysisOptions", "build_part", "build_report"]


def __getattr__(name: str) -> object:  # lazy: importing the package stays cheap
    if name in ("build_report", "build_part", "PARTS"):
        from graphkit.analysis import report

        return getattr(report, name)
    raise AttributeError(name)
