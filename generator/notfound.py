"""The guide's own 404 page: one that works from a web server and from the offline copy.

MkDocs writes 404.html with addresses from the server's root ("/assets/…"), which lead
nowhere when the page is opened from a file, and nowhere under a sub-folder either without
site_url. This page stands alone (its style inline, no other file needed) and offers the way
home, a search box (Material opens its search from index.html?q=…) and the checklists.
Its links are relative; over HTTP a line of script makes them start from the guide's folder
(the path of site_url, or the server's root), since a server shows it at any missing address.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from jinja2 import Environment, StrictUndefined, select_autoescape

from generator.model import Guide
from generator.render import CompiledTemplates, own_templates, template_loader

NOT_FOUND = "404.html"


def root_path(site_url: str) -> str:
    """'/' or the guide's folder on its server, from site_url: 'https://x.org/guide' gives '/guide/'."""
    path = urlsplit(site_url).path if site_url else ""
    return "/" + path.strip("/") + "/" if path.strip("/") else "/"


COMPILED_404 = CompiledTemplates()
"""The 404 page's compiled template, shared by every guide's environment."""


def not_found_page(guide: Guide | None, site_name: str, site_url: str) -> str:
    env = Environment(
        loader=template_loader(own_templates(guide.config if guide else None)),
        bytecode_cache=COMPILED_404,
        autoescape=select_autoescape(["html", "j2"]),
        undefined=StrictUndefined,
    )
    return env.get_template("404.html.j2").render(
        site_name=site_name or "The guide",
        root_path=root_path(site_url),
        checklists=guide.checklists if guide else [],
        language=guide.config.language if guide else "en",
    )
