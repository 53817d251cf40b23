"""The validator's problems for the whole content, live; a click goes to the field."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from kiosk.studio.checker import CheckResult, Finding


class ProblemsList(QWidget):
    field_requested = Signal(object)  # FieldRef

    def __init__(self) -> None:
        super().__init__()
        self.summary = QLabel("Checking…")
        self.list = QListWidget()
        self.list.setAccessibleName("Problems")
        self.list.itemClicked.connect(self._clicked)
        self.list.itemActivated.connect(self._clicked)
        column = QVBoxLayout(self)
        column.setContentsMargins(4, 4, 4, 4)
        column.addWidget(self.summary)
        column.addWidget(self.list, 1)

    def show_result(self, result: CheckResult) -> None:
        self.list.clear()
        for finding in sorted(result.findings, key=lambda f: not f.is_error):
            kind = "Error" if finding.is_error else "Warning"
            item = QListWidgetItem(f"{kind}: {finding.text}")
            item.setData(Qt.ItemDataRole.UserRole, finding)
            if finding.is_error:
                item.setForeground(QColor("#B42318"))
            if finding.field is not None:
                item.setToolTip("Click to go to this field")
            self.list.addItem(item)
        errors = result.errors
        warnings = len(result.findings) - errors
        if errors:
            self.summary.setText(
                f"<b>{errors} error(s)</b>, {warnings} warning(s). Until they are fixed, "
                "patients keep seeing the last good version."
            )
        else:
            self.summary.setText(f"No errors. {warnings} warning(s).")

    def findings(self) -> list[Finding]:
        return [self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count())]

    def _clicked(self, item: QListWidgetItem) -> None:
        finding = item.data(Qt.ItemDataRole.UserRole)
        if isinstance(finding, Finding) and finding.field is not None:
            self.field_requested.emit(finding.field)
