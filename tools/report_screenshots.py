"""Screenshots of a comparison report at 1,280 px, for docs/figures/.

Usage: ``python -m tools.report_screenshots REPORT.html OUT_PREFIX`` (Chromium at
/usr/bin/chromium, or CHROMIUM=path). Takes the first screen, the decision table, and the
yearly and retention figures, each as OUT_PREFIX-<part>.png.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

WIDTH = 1280
HEIGHT = 800
#: Part name -> the heading text it starts at (None: the top of the page).
PARTS = {
    "first-screen": None,
    "yearly": "Yearly metrics",
    "retention": "Retention",
}


def shoot(report: Path, prefix: Path) -> list[Path]:
    """Write one PNG per part of :data:`PARTS`; return their paths."""
    written = []
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"), args=["--no-sandbox"]
        )
        page = browser.new_page(viewport={"width": WIDTH, "height": HEIGHT})
        page.goto(report.resolve().as_uri())
        for part, heading in PARTS.items():
            if heading is not None:
                found = page.get_by_role("heading", name=heading).first
                if not found.count():
                    continue
                found.evaluate("e => e.scrollIntoView(true)")
            path = prefix.with_name(f"{prefix.name}-{part}.png")
            page.screenshot(path=str(path))
            written.append(path)
        browser.close()
    return written


if __name__ == "__main__":
    for written in shoot(Path(sys.argv[1]), Path(sys.argv[2])):
        print(written)
