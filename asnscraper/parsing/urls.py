"""URL identity: tracking parameters and fragments removed, query canonicalized (w3lib)."""

from __future__ import annotations

import re
from urllib.parse import unquote_plus, urlsplit, urlunsplit

from w3lib.url import canonicalize_url

_TRACKING = re.compile(
    r"^(utm_\w+|fbclid|gclid|dclid|msclkid|yclid|igshid|mc_cid|mc_eid|_ga|ref|ref_src|"
    r"amp|amp_js_v|usqp|outputType|share|s_cid|wt_mc)$",
    re.IGNORECASE,
)


def strip_tracking(url: str) -> str:
    """``url`` without tracking parameters (utm_*, fbclid, amp …) and fragment.

    The remaining query is canonicalized (sorted, percent-encoding normalized) with w3lib so
    two spellings of one URL compare equal. Scheme and host are lower-cased.
    """
    url = url.strip()
    if not url:
        return url
    try:
        parts = urlsplit(url)
    except ValueError:  # e.g. an invalid IPv6 host: not a URL we can canonicalize
        return url
    if not parts.netloc:  # no host: nothing to canonicalize, and never make one up
        return url
    # Filter the raw "k=v" pieces: decoding and re-joining them would turn an encoded "%26"
    # inside a value into a separator (``?q=a%26b`` read as ``?q=a&b``).
    kept = [
        piece
        for piece in parts.query.split("&")
        if piece and not _TRACKING.match(unquote_plus(piece.split("=", 1)[0]))
    ]
    query = "&".join(kept)
    rebuilt = urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", query, ""))
    return canonicalize_url(rebuilt, keep_blank_values=True)
