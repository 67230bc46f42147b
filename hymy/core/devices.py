"""A coarse device kind from the User-Agent header, for cutting responses by device.

Written by hand: a full user-agent parser (e.g. ua-parser) is much more than the three kinds we keep.
"""

import re

_TABLET = re.compile(r"iPad|Tablet|Nexus (7|9|10)|SM-T|Kindle|Silk", re.IGNORECASE)
_MOBILE = re.compile(r"Mobi|iPhone|iPod|Android.+Mobile|Windows Phone", re.IGNORECASE)


def device_kind(user_agent: str) -> str:
    if not user_agent:
        return "unknown"
    if _TABLET.search(user_agent) or ("Android" in user_agent and "Mobile" not in user_agent):
        return "tablet"
    if _MOBILE.search(user_agent):
        return "mobile"
    return "desktop"
