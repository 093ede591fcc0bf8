"""`python -m generator clean`: remove what the generator made, and only that.

A generated folder of docs/ may also hold a file someone put there by hand; it carries no
generator mark, so it stays (and is named), as does any folder still holding one.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from generator.build import remove_leftovers
from generator.names import CACHE_FOLDER
from generator.paths import is_built_site
from generator.write import GENERATED_FOLDERS, is_generated


def clean(root: Path, site_dir: Path | None = None) -> list[str]:
    """Remove generated pages, the built site and the caches; returns what a person should know."""
    said = []
    removed = 0
    docs = root / "docs"
    for folder in GENERATED_FOLDERS:
        top = docs / folder
        if not top.is_dir() or top.is_symlink():
            continue
        for path in sorted(top.rglob("*"), reverse=True):
            if path.is_symlink() or path.is_file():
                if not path.is_symlink() and is_generated(path):
                    path.unlink()
                    removed += 1
                else:
                    said.append(f"kept {path.relative_to(root).as_posix()}: the generator did not write it")
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()
        if not any(top.iterdir()):
            top.rmdir()
    said.insert(0, f"removed {removed} generated file{'' if removed == 1 else 's'} from docs/")
    site = site_dir or root / "site"
    if site.is_dir() and not site.is_symlink():
        if is_built_site(site):
            shutil.rmtree(site)
            said.append(f"removed {site.name}/")
        else:
            said.append(f"kept {site.name}/: it does not look like a site the generator built")
    remove_leftovers(root, site)
    cache = root / CACHE_FOLDER
    if cache.is_dir() and not cache.is_symlink():
        shutil.rmtree(cache)
        said.append(f"removed {CACHE_FOLDER}/")
    return said
