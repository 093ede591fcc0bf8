"""The offline bundle: the whole built guide as one zip that works from the file system.

People read a guide where there is no signal (a workshop without Wi-Fi, a meeting room), so
the guide ships as a download. Material's offline plugin (mkdocs.yml) makes search work from file://;
this stage zips the built site reproducibly (sorted names, fixed dates) and writes its size
into the home page's download link.
"""

from __future__ import annotations

import re
import zipfile
from datetime import UTC, datetime
from pathlib import Path

DOWNLOADS = "downloads"


def bundle_name(short_name: str) -> str:
    """Where the zip goes inside the site, named for the guide (guide.yml's short_name): the home
    page links here, e.g. downloads/young-carers-offline.zip. Unzipping gives one folder named
    short_name, not a spray of files."""
    return f"{DOWNLOADS}/{short_name}-offline.zip"


SIZE_MARK = '<span class="wt-bundle-size">zip</span>'
"""Written in docs/index.md beside the download link; the build fills in the size."""
ZIP_EPOCH = 315532800  # 1980-01-01, the earliest date a zip can hold
DOWNLOAD_PARAGRAPH = re.compile(r'<p class="wt-download">.*?</p>', re.DOTALL)
"""The home page's download link (docs/index.md): the offline copy does not hold the zip itself."""
OFFLINE_NOTE = (
    '<p class="wt-download wt-offline-copy">This is the offline copy of the guide, kept on this device: '
    "every page, the search and the printable PDFs work here without an internet connection. "
    "Each page says when its content last changed; the guide online may be newer.</p>"
)


def write_bundle(site: Path, epoch: str | None, short_name: str = "guide") -> int:
    """Zip `site` into site/downloads/<short_name>-offline.zip; returns the zip's size in bytes."""
    target = site / bundle_name(short_name)
    target.parent.mkdir(parents=True, exist_ok=True)
    moment = datetime.fromtimestamp(max(int(epoch or ZIP_EPOCH), ZIP_EPOCH), tz=UTC)
    files = sorted(path for path in site.rglob("*") if path.is_file() and path != target)
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as bundle:
        for path in files:
            info = zipfile.ZipInfo(
                f"{short_name}/{path.relative_to(site).as_posix()}", date_time=moment.timetuple()[:6]
            )
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            data = path.read_bytes()
            if path == site / "index.html":
                data = offline_home(data.decode("utf-8")).encode("utf-8")
            bundle.writestr(info, data, compresslevel=6)
    size = target.stat().st_size
    home = site / "index.html"
    if home.exists():
        html = home.read_text(encoding="utf-8")
        home.write_text(
            html.replace(SIZE_MARK, SIZE_MARK.replace(">zip<", f">zip, {human_size(size)}<")), encoding="utf-8"
        )
    return size


def offline_home(html: str) -> str:
    """The home page as the offline copy shows it: where the online one offers the download,
    it says that this is the offline copy."""
    return DOWNLOAD_PARAGRAPH.sub(OFFLINE_NOTE, html, count=1)


def human_size(size: int) -> str:
    """'2.9 MB': what a person on a phone contract wants to know before downloading."""
    if size < 1_000_000:
        return f"{max(size // 1000, 1)} kB"
    return f"{size / 1_000_000:.1f} MB"
