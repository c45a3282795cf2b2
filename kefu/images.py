"""Photos shoppers send (a defect, a packing slip): the type is read from the bytes, never from
the file name or the browser's claim, so only real JPEG, PNG and WebP images are kept."""

from typing import Optional

MAX_IMAGE_BYTES = 5 * 1024 * 1024


def image_type(data: bytes) -> Optional[str]:
    """The content type the bytes really are (image/jpeg, image/png, image/webp), or None."""
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if len(data) >= 12 and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return None
