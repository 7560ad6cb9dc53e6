"""QR code pictures for deep links: a crisp PNG, optionally with a caption underneath."""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path

import qrcode
from PIL import Image, ImageDraw, ImageFont
from qrcode.image.pil import PilImage

TARGET_SIZE = 600  # pixels; large enough to scan from a phone held at arm's length
BORDER = 4  # modules of quiet zone, the minimum the QR standard asks for
CAPTION_FONT_SIZE = 34
CAPTION_MAX_LINES = 3

_Font = ImageFont.FreeTypeFont | ImageFont.ImageFont


def render_png(data: str, *, caption: str | None = None) -> bytes:
    """A PNG of the QR code for `data` (error correction M), about 600 px wide.

    A caption, if given, is written under the code, wrapped to at most three lines.
    """
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=1, border=BORDER)
    code.add_data(data)
    code.make(fit=True)
    code.box_size = max(1, round(TARGET_SIZE / (code.modules_count + 2 * BORDER)))
    picture: Image.Image = code.make_image(image_factory=PilImage).get_image().convert("L")
    if caption and caption.strip():
        picture = _with_caption(picture, caption.strip(), margin=BORDER * code.box_size)
    out = io.BytesIO()
    picture.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _with_caption(code: Image.Image, caption: str, *, margin: int) -> Image.Image:
    font = _caption_font(CAPTION_FONT_SIZE)
    measure = ImageDraw.Draw(code)
    lines = _wrap(caption, font, code.width - 2 * margin, measure)
    ascent, descent = font.getmetrics() if isinstance(font, ImageFont.FreeTypeFont) else (CAPTION_FONT_SIZE, 0)
    line_height = int((ascent + descent) * 1.2)
    # The code's quiet zone is the gap above the text; text inside it could hinder scanning.
    canvas = Image.new("L", (code.width, code.height + line_height * len(lines) + margin // 2), 255)
    canvas.paste(code, (0, 0))
    draw = ImageDraw.Draw(canvas)
    top = code.height
    for i, line in enumerate(lines):
        width = draw.textlength(line, font=font)
        draw.text(((code.width - width) / 2, top + i * line_height), line, font=font, fill=0)
    return canvas


def _wrap(text: str, font: _Font, width: int, draw: ImageDraw.ImageDraw) -> list[str]:
    """Greedy word wrap; words longer than a line are split; overflow ends in an ellipsis."""

    def fits(line: str) -> bool:
        return draw.textlength(line, font=font) <= width

    lines: list[str] = []
    for word in text.split():
        candidate = f"{lines[-1]} {word}" if lines else word
        if lines and fits(candidate):
            lines[-1] = candidate
            continue
        lines.append("")
        for char in word:
            if fits(lines[-1] + char):
                lines[-1] += char
            else:
                lines.append(char)
    if len(lines) > CAPTION_MAX_LINES:
        last = lines[CAPTION_MAX_LINES - 1]
        while last and not fits(last + "…"):
            last = last[:-1]
        lines = lines[: CAPTION_MAX_LINES - 1] + [last.rstrip() + "…"]
    return lines


@cache
def _caption_font(size: int) -> _Font:
    """DejaVu Sans, which has Cyrillic; Pillow's built-in font would draw Russian as boxes."""
    for path in _dejavu_candidates():
        if path.is_file():
            return ImageFont.truetype(str(path), size)
    return ImageFont.load_default(size=size)


def _dejavu_candidates() -> list[Path]:
    candidates = [Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")]
    try:
        import matplotlib  # a dependency anyway; imported here because it is slow to load
    except ImportError:
        return candidates
    return [Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf", *candidates]
