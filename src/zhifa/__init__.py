"""Zhifa (执法): one platform for the three systems of administrative law enforcement."""

__version__ = "0.1.0"
