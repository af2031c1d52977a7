"""Answer questions about news articles with verbatim, cited quotes."""

__version__ = "0.1.0"
