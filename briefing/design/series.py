"""A chart's series fills: the theme's colours and tints, chosen so that the series stay apart
in grey print (a photocopy, a black-and-white printer), where two greens of one lightness are
one grey."""

from __future__ import annotations

GREY_STEP = 0.18  # the least difference in grey between two series' fills (0 black, 1 white)
LIGHTEST = 0.86  # lighter fills vanish against white paper


def grey(colour: str) -> float:
    """Return a colour's lightness in grey print (Rec. 601 luma), 0 black to 1 white."""
    red, green, blue = (int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5))
    return 0.299 * red + 0.587 * green + 0.114 * blue


def series_fills(theme, count: int) -> list[str]:
    """Return a chart's series fills in the theme's colours, each apart from the others in
    grey print where the theme's colours and tints allow (two greens of one lightness are
    one grey): the theme's order, skipping a colour too near one already taken."""
    candidates = [c for c in theme.series_colours(12) if grey(c) <= LIGHTEST]
    chosen: list[str] = []
    for colour in candidates:
        if len(chosen) < count and all(abs(grey(colour) - grey(c)) >= GREY_STEP
                                       for c in chosen):
            chosen.append(colour)
    chosen += [c for c in candidates if c not in chosen][:count - len(chosen)]
    return chosen[:count] or theme.series_colours(count)
