"""Thin Qt screens over the core. Wiring lives in `kiosk.ui.app` only."""
