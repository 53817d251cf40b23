"""Choose a slide's picture from content/images/ by its thumbnail, or bring in a new one."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QIcon, QImageReader, QPixmap
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.content.images import IMAGE_SUFFIXES

THUMB = 72


class PicturePicker(QWidget):
    chosen = Signal(str)  # images/x.svg, or '' for no picture
    import_requested = Signal(object)  # Path of the file staff picked

    def __init__(self) -> None:
        super().__init__()
        self.list = QListWidget()
        self.list.setViewMode(QListWidget.ViewMode.IconMode)
        self.list.setIconSize(QSize(THUMB, THUMB))
        self.list.setGridSize(QSize(THUMB + 56, THUMB + 36))
        self.list.setMovement(QListWidget.Movement.Static)
        self.list.setWrapping(False)
        self.list.setFixedHeight(THUMB + 56)
        self.list.setAccessibleName("Pictures")
        self.list.itemClicked.connect(self._clicked)
        self.import_button = QPushButton("Import picture…")
        self.none_button = QPushButton("No picture")
        self.import_button.clicked.connect(self._ask)
        self.none_button.clicked.connect(lambda: self.chosen.emit(""))
        buttons = QHBoxLayout()
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.none_button)
        buttons.addStretch(1)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.list)
        column.addLayout(buttons)
        self._icons: dict[tuple[str, float], QIcon] = {}

    def show_pictures(self, root: Path, current: str) -> None:
        """List the pictures in root/images/, the current one selected."""
        self.list.blockSignals(True)
        self.list.clear()
        folder = root / "images"
        files = sorted(folder.iterdir()) if folder.is_dir() else []
        for path in files:
            if path.suffix.lower() not in IMAGE_SUFFIXES or not path.is_file():
                continue
            name = f"images/{path.name}"
            item = QListWidgetItem(self._icon(path), path.stem)
            item.setData(Qt.ItemDataRole.UserRole, name)
            item.setToolTip(name)
            self.list.addItem(item)
            if name == current:
                item.setSelected(True)
                self.list.setCurrentItem(item)
        if not current:
            self.list.clearSelection()
        self.list.blockSignals(False)

    def _icon(self, path: Path) -> QIcon:
        key = (str(path), path.stat().st_mtime)
        if key not in self._icons:
            reader = QImageReader(str(path))
            reader.setScaledSize(
                reader.size().scaled(THUMB, THUMB, Qt.AspectRatioMode.KeepAspectRatio)
            )
            self._icons[key] = QIcon(QPixmap.fromImage(reader.read()))
        return self._icons[key]

    def _clicked(self, item: QListWidgetItem) -> None:
        self.chosen.emit(str(item.data(Qt.ItemDataRole.UserRole)))

    def _ask(self) -> None:
        path = self.ask_file(self)
        if path is not None:
            self.import_requested.emit(path)

    @classmethod
    def ask_file(cls, parent: QWidget) -> Path | None:
        """The file dialog; tests replace this classmethod."""
        chosen, _ = QFileDialog.getOpenFileName(
            parent,
            "Import a picture",
            str(Path.home()),
            "Pictures (*.svg *.png *.jpg *.jpeg *.webp)",
        )
        return Path(chosen) if chosen else None
