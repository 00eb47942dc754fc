"""The pages of the document being redacted, with the proposed boxes: the clerk moves, adds and removes them."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QImage, QKeyEvent, QMouseEvent, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QGraphicsItem, QGraphicsRectItem, QGraphicsScene, QGraphicsView, QWidget

from app.redaction.scan import Finding

SCALE = 1.5  # screen pixels per PDF point at zoom 1 (108 dpi)
GAP = 16.0  # pixels between pages


class BoxItem(QGraphicsRectItem):
    """One box on a page; its Finding is updated when the clerk moves it."""

    def __init__(self, finding: Finding, rect: QRectF, on_moved: Callable[[BoxItem], None]) -> None:
        super().__init__(rect)
        self.finding = finding
        self._on_moved = on_moved
        self.setFlags(QGraphicsItem.GraphicsItemFlag.ItemIsMovable | QGraphicsItem.GraphicsItemFlag.ItemIsSelectable
                      | QGraphicsItem.GraphicsItemFlag.ItemSendsGeometryChanges)
        manual = finding.source == "manual"
        self.setPen(QPen(QColor("#c62828" if not manual else "#1565c0"), 1.5))
        self.setBrush(QBrush(QColor(0, 0, 0, 150)))

    def itemChange(self, change, value):
        if change == QGraphicsItem.GraphicsItemChange.ItemPositionHasChanged:
            self._on_moved(self)
        return super().itemChange(change, value)


class PageCanvas(QGraphicsView):
    """Pages one under another; ``draw_mode`` lets a drag draw a new box."""

    boxes_changed = Signal()
    box_selected = Signal(object)  # the Finding, or None

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        self.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        self.setBackgroundBrush(QColor("#808080"))
        self.setDragMode(QGraphicsView.DragMode.NoDrag)
        self.pages: list[tuple[float, float, float]] = []  # (top in scene, width pt, height pt)
        self.items_by_finding: dict[int, BoxItem] = {}
        self.draw_mode = False
        self._start: QPointF | None = None
        self._rubber: QGraphicsRectItem | None = None
        self.scene().selectionChanged.connect(self._selection_changed)

    # -- pages and boxes -----------------------------------------------------------------------------
    def set_pages(self, images: list[QImage], sizes: list[tuple[float, float]]) -> None:
        self.scene().clear()
        self.items_by_finding.clear()
        self.pages = []
        top = 0.0
        for image, (width, height) in zip(images, sizes):
            pixmap = self.scene().addPixmap(QPixmap.fromImage(image))
            pixmap.setPos(0, top)
            pixmap.setScale(width * SCALE / image.width())
            self.pages.append((top, width, height))
            top += height * SCALE + GAP
        self.scene().setSceneRect(QRectF(-GAP, -GAP, max((w for _t, w, _h in self.pages), default=0) * SCALE + 2 * GAP,
                                         top + GAP))
        self.fit_width()

    def fit_width(self) -> None:
        """Scale the view so that a page fills the width of the view."""
        width = self.sceneRect().width()
        if width <= 0 or self.viewport().width() < 50:
            return
        self.resetTransform()
        factor = (self.viewport().width() - 4) / width
        self.scale(factor, factor)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.fit_width()

    def _scene_rect(self, f: Finding) -> QRectF:
        top, _w, height = self.pages[f.page - 1]
        x0, y0, x1, y1 = f.box
        return QRectF(x0 * SCALE, top + (height - y1) * SCALE, (x1 - x0) * SCALE, (y1 - y0) * SCALE)

    def add_box(self, f: Finding) -> BoxItem:
        item = BoxItem(f, self._scene_rect(f), self._moved)
        self.scene().addItem(item)
        self.items_by_finding[id(f)] = item
        return item

    def set_boxes(self, findings: list[Finding]) -> None:
        for item in list(self.items_by_finding.values()):
            self.scene().removeItem(item)
        self.items_by_finding.clear()
        for f in findings:
            self.add_box(f)

    def remove_box(self, f: Finding) -> None:
        item = self.items_by_finding.pop(id(f), None)
        if item is not None:
            self.scene().removeItem(item)

    def select(self, f: Finding | None) -> None:
        self.scene().clearSelection()
        item = self.items_by_finding.get(id(f)) if f is not None else None
        if item is not None:
            item.setSelected(True)
            self.ensureVisible(item)

    def _page_at(self, y: float) -> int | None:
        for index, (top, _w, height) in enumerate(self.pages):
            if top <= y <= top + height * SCALE:
                return index
        return None

    def _to_box(self, rect: QRectF, page_index: int) -> tuple[float, float, float, float]:
        top, width, height = self.pages[page_index]
        x0 = max(0.0, rect.left() / SCALE)
        x1 = min(width, rect.right() / SCALE)
        y1 = min(height, height - (rect.top() - top) / SCALE)
        y0 = max(0.0, height - (rect.bottom() - top) / SCALE)
        return (round(x0, 2), round(y0, 2), round(x1, 2), round(y1, 2))

    def _moved(self, item: BoxItem) -> None:
        rect = item.sceneBoundingRect().adjusted(item.pen().widthF() / 2, item.pen().widthF() / 2,
                                                 -item.pen().widthF() / 2, -item.pen().widthF() / 2)
        index = self._page_at(rect.center().y())
        if index is None:
            return
        item.finding.page = index + 1
        item.finding.box = self._to_box(rect, index)
        self.boxes_changed.emit()

    def _selection_changed(self) -> None:
        selected = [i for i in self.scene().selectedItems() if isinstance(i, BoxItem)]
        self.box_selected.emit(selected[0].finding if selected else None)

    # -- drawing a new box ---------------------------------------------------------------------------
    new_box_drawn = Signal(int, object)  # page (from 1), box in points

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if self.draw_mode and event.button() == Qt.MouseButton.LeftButton:
            self._start = self.mapToScene(event.position().toPoint())
            self._rubber = self.scene().addRect(QRectF(self._start, self._start), QPen(QColor("#1565c0"), 1.5))
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._start is not None and self._rubber is not None:
            self._rubber.setRect(QRectF(self._start, self.mapToScene(event.position().toPoint())).normalized())
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._start is not None and self._rubber is not None:
            rect = self._rubber.rect()
            self.scene().removeItem(self._rubber)
            self._start, self._rubber = None, None
            self.draw_box(rect)
            return
        super().mouseReleaseEvent(event)

    def draw_box(self, rect: QRectF) -> None:
        """A box the clerk drew over ``rect`` (scene coordinates); too small a box is ignored."""
        index = self._page_at(rect.center().y())
        if index is None or rect.width() < 4 or rect.height() < 4:
            return
        self.new_box_drawn.emit(index + 1, self._to_box(rect, index))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            removed = [i.finding for i in self.scene().selectedItems() if isinstance(i, BoxItem)]
            for f in removed:
                self.remove_box(f)
            if removed:
                self.boxes_changed.emit()
            return
        super().keyPressEvent(event)
