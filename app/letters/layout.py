"""How the office's letters look on paper: 信函格式 and the printed seal image (docs/spec/letters-layout.md).

Both are office settings, off until the office turns them on. A letter is a sealed document (GB/T 9704
7.3.5.1): the space for the seal is always kept; the stored seal image is printed into it only when the
office has chosen to, and turning that on is answered with a warning, because a printed image of a seal
is neither the office's physical seal nor a lawful electronic seal.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from sqlalchemy.orm import Session

from app.core.settings import get_setting, set_setting
from app.errors import ValidationError
from app.pdf import gbt9704

LETTERHEAD = "letters.letterhead"
PRINT_SEAL = "letters.print_seal"

SEAL_WARNING = ("文书上将印出本机关存储的印章图像。印出的图像不等于加盖实体印章，也不是依法设立的电子印章；"
                "文书送达前请按本机关的用印制度办理。")


@dataclass(frozen=True)
class LetterLayout:
    letterhead: bool  # 信函格式: red 发文机关标志 and double lines on the first page
    print_seal: bool  # the stored seal image printed over the signature
    has_seal: bool  # the office has stored a seal image


def _seal_image(session: Session) -> bytes | None:
    from app.core.profile import own_office_row

    return own_office_row(session).seal_image


def get_layout(session: Session) -> LetterLayout:
    return LetterLayout(bool(get_setting(session, LETTERHEAD)), bool(get_setting(session, PRINT_SEAL)),
                        _seal_image(session) is not None)


def check_seal_image(image: bytes) -> None:
    """A ValidationError unless the bytes are an image reportlab can print (PNG or JPEG)."""
    from reportlab.lib.utils import ImageReader

    try:
        width, height = ImageReader(io.BytesIO(image)).getSize()
    except Exception:  # PIL raises many kinds of error for a file that is not an image
        raise ValidationError("存储的印章图像无法读取，请在“设置—本机关信息”中重新选择 PNG 或 JPEG 图片。") from None
    if width < 100 or height < 100:
        raise ValidationError(f"印章图像只有 {width}×{height} 像素，印出来会模糊，请选择至少 300×300 像素的图片。")


def set_layout(session: Session, *, letterhead: bool | None = None, print_seal: bool | None = None) -> list[str]:
    """Change the office's letter layout (audited as settings are); returns the warnings to show."""
    warnings: list[str] = []
    if print_seal:
        image = _seal_image(session)
        if image is None:
            raise ValidationError("尚未存储本机关的印章图像，请先在“设置—本机关信息”中选择印章图片。")
        check_seal_image(image)
        warnings.append(SEAL_WARNING)
    if letterhead is not None:
        set_setting(session, LETTERHEAD, letterhead)
    if print_seal is not None:
        set_setting(session, PRINT_SEAL, print_seal)
    return warnings


def apply_layout(session: Session, document: gbt9704.Document, office_name: str) -> None:
    """Set the 信函格式 masthead and the seal image on a composed letter as the office has chosen."""
    chosen = get_layout(session)
    if chosen.letterhead:
        document.letterhead = gbt9704.Letterhead(office_name)
    if chosen.print_seal:
        image = _seal_image(session)
        if image is None:  # the image was removed after the setting was turned on
            raise ValidationError("已设置在文书上印出印章图像，但本机关的印章图像已被删除，请重新选择或关闭该设置。")
        document.seal = gbt9704.Seal(image)
