# temporary stand-in (the full version is being written): render_png(data, caption=None) -> bytes
import io

import qrcode


def render_png(data: str, caption: str | None = None) -> bytes:
    image = qrcode.make(data, box_size=8, border=4)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()
