"""graphkit: see, measure and plan a PMO's network of stakeholders."""

__version__ = "0.1.0"
