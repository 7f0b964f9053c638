"""``python -m kiosk``, the same as the ``kiosk`` command."""

from kiosk.cli import console

console()
