"""``python -m demandlens``: the same command line as ``demandlens``."""

from demandlens.app.cli import app

app(prog_name="demandlens")
