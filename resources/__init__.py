"""The screen's package data (installed as ``kiosk.resources``): fonts and stylesheet."""
