"""graphkit: see, measure and plan a PMO's network of stakeholders."""

__version__ = "0.1.0"

__all__ = ["__version__", "open"]


def __getattr__(name: str) -> object:  # lazy: `import graphkit` stays cheap
    if name == "open":
        from graphkit.notebook import open

        return open
    raise AttributeError(f"module 'graphkit' has no attribute {name!r}")
