"""demandlens: find why customers contact you, and how much of it is avoidable failure demand."""

from __future__ import annotations

__version__ = "0.1.0"
