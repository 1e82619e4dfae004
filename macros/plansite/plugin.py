"""The MkDocs plugin a site names once, with its options::

    plugins:
      - search
      - plansite:
          data_dir: data
          release: "2019-03"

Its options are checked here as MkDocs checks its own settings: an unknown, misspelt or
wrongly typed one stops the build in one line naming it (``read/site_config.check_options``,
which the Zensical path uses too). Its events are the generator's MkDocs glue in
``hooks.py``; it brings mkdocs-macros with this package as its module. Having
``on_startup``, the plugin is kept across a preview's rebuilds, as MkDocs does for such plugins.
"""
from __future__ import annotations

import os

from mkdocs.config.base import ValidationError
from mkdocs.plugins import BasePlugin

from plansite import hooks
from plansite.read.site_config import ConfigProblem, check_options


class PlansitePlugin(BasePlugin):
    site_options = None  # read/site_config.SiteOptions, once the options are checked

    def load_config(self, options, config_file_path=None):
        errors, warnings = super().load_config({}, config_file_path)
        where = os.path.basename(config_file_path or "mkdocs.yml")
        try:
            self.site_options = check_options(options, where)
        except ConfigProblem as exc:
            errors.append((exc.option or "options", ValidationError(str(exc))))
        return errors, warnings

    on_startup = staticmethod(hooks.on_startup)
    on_config = staticmethod(hooks.on_config)
    on_env = staticmethod(hooks.on_env)
    on_files = staticmethod(hooks.on_files)
    on_serve = staticmethod(hooks.on_serve)
    on_page_context = staticmethod(hooks.on_page_context)
    on_page_content = staticmethod(hooks.on_page_content)
    on_post_page = staticmethod(hooks.on_post_page)
    on_post_template = staticmethod(hooks.on_post_template)
    on_post_build = staticmethod(hooks.on_post_build)
