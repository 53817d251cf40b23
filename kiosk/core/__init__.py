"""The Qt-free core: content model and loader, patient session rules, readability.

Nothing under this package may import PySide6 (tests/test_architecture.py checks it).
"""
