"""kiosk: the lobby screen of an event, showing what is on now and next."""

__version__ = "0.1.0"
