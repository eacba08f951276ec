"""The one place where the version of the ncts code is set."""

__version__ = "0.1.0"
