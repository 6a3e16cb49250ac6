"""wax: a self-hosted API for music collectors."""

__version__ = "0.1.0"
