"""Patient-education kiosk for skin clinics."""

__version__ = "0.1.0"
