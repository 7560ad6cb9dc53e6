import io

import pytest
import zxingcpp
from PIL import Image

from bot.qr import render_png
from bot.tokens import MAX_SUBJECT_ID, MAX_VERSION, TokenKind, deep_link, sign

LINK = deep_link("vverh_campaign_bot", sign(b"secret", TokenKind.CARD, MAX_SUBJECT_ID, MAX_VERSION))
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def scan(png: bytes) -> list[str]:
    with Image.open(io.BytesIO(png)) as picture:
        assert picture.format == "PNG"
        return [code.text for code in zxingcpp.read_barcodes(picture)]


@pytest.mark.parametrize(
    "caption",
    [
        None,
        "Карточка участника: Иван Петров",
        "Встреча «Двор без мусора» — ул. Ленина, 12, Центральный район, сбор у подъезда № 3 "
        "в 18:00, возьмите перчатки и хорошее настроение",
    ],
)
def test_a_phone_camera_reads_back_exactly_the_deep_link(caption: str | None) -> None:
    png = render_png(LINK, caption=caption)
    assert png.startswith(PNG_SIGNATURE)
    assert scan(png) == [LINK]


def test_the_code_is_about_600_pixels_square() -> None:
    with Image.open(io.BytesIO(render_png(LINK))) as picture:
        width, height = picture.size
    assert 540 <= width <= 660
    assert height == width


def test_a_caption_is_drawn_under_the_code() -> None:
    with Image.open(io.BytesIO(render_png(LINK))) as plain:
        plain_size = plain.size
    with Image.open(io.BytesIO(render_png(LINK, caption="Иван Петров"))) as captioned:
        assert captioned.width == plain_size[0]
        assert captioned.height > plain_size[1]
        under = captioned.crop((0, plain_size[1], captioned.width, captioned.height))
        assert under.getextrema()[0] < 128, "the caption area has dark text in it"


def test_cyrillic_letters_are_drawn_as_distinct_glyphs_not_boxes() -> None:
    # A font without Cyrillic draws every letter as the same placeholder box.
    pictures = {render_png(LINK, caption=letter) for letter in "ЖФЯ"}
    assert len(pictures) == 3


def test_a_long_caption_is_wrapped_not_cut_off_the_sides() -> None:
    caption = "Очень длинное название встречи " * 10
    with Image.open(io.BytesIO(render_png(LINK, caption=caption))) as picture:
        side = picture.convert("L").crop((0, 0, 10, picture.height))
        assert side.getextrema()[0] == 255, "nothing touches the left edge"
        assert picture.height < 2 * picture.width
