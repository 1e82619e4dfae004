"""The one step pyproject.toml cannot say: a wheel ships the generator's Jinja templates
compiled to Python (macros/plansite/render/template_loading.py), so a site's first build
does not parse them. Everything else about the package is in pyproject.toml."""
import importlib.util
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildPyWithCompiledTemplates(build_py):
    def run(self):
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install reads the sources; the Makefile compiles them beside them
        built = Path(self.build_lib) / "plansite" / "render"
        spec = importlib.util.spec_from_file_location("template_loading", built / "template_loading.py")
        loading = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(loading)  # on its own: it imports only Jinja
        loading.compile_templates(built / "templates_compiled", built / "templates")


setup(cmdclass={"build_py": BuildPyWithCompiledTemplates})
