"""Write every page of a site as the Markdown the generator makes of it, for a baseline build.

``python -m bench.capture SITE OUT`` builds ``SITE`` (a copy of the example site) once in
this process and saves each page's Markdown as it stands after the macros and hooks have run
(``show(...)`` calls rendered, the generated person, body and board pack pages included)
into ``OUT/docs/``. Built without the macros plugin, ``OUT`` shows what MkDocs and Material
alone cost for the very pages the generator produces: the difference to the real build is
the generator's own work.
"""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path


def capture(site: Path, out: Path) -> int:
    import mkdocs.commands.build as build_module
    from mkdocs.config import load_config

    os.chdir(site)
    docs = out / "docs"
    written = 0
    populate = build_module._populate_page

    def populate_and_save(page, config, files, dirty=False):
        nonlocal written
        populate(page, config, files, dirty)
        if page.markdown is None:
            return
        meta = {k: v for k, v in (page.meta or {}).items() if k != "render_macros"}
        front = "---\n" + "".join(f"{k}: {json.dumps(v, default=str)}\n" for k, v in meta.items()) + "---\n\n" if meta else ""
        target = docs / page.file.src_uri
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(front + page.markdown, encoding="utf-8")
        written += 1

    build_module._populate_page = populate_and_save
    config = load_config(config_file=str(site / "mkdocs.yml"), strict=False, site_dir=str(out / "captured-site"))
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build_module.build(config)
    finally:
        config.plugins.on_shutdown()
        build_module._populate_page = populate
    return written


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: python -m bench.capture SITE OUT")
    count = capture(Path(sys.argv[1]).resolve(), Path(sys.argv[2]).resolve())
    print(f"{count} pages captured")
