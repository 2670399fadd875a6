"""Zhanqun (站群): a government website-group platform on Django + Wagtail."""

__version__ = "0.1.0"
