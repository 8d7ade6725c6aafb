"""The Jinja2 environment: templates in ``web/templates``, autoescaping always on."""

from __future__ import annotations

from pathlib import Path

import jinja2
from fastapi.templating import Jinja2Templates

from ..api.geo import country_name
from ..watch.fetch import web_url
from .format import FILTERS, STATUS_CLASSES

HERE = Path(__file__).parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"

env = jinja2.Environment(
    loader=jinja2.FileSystemLoader(str(TEMPLATES)),
    autoescape=True,  # article text is untrusted: every {{ }} is escaped, in every template
    trim_blocks=True,
    lstrip_blocks=True,
    auto_reload=False,  # templates are part of the release: no stat() of each one on every render
)
env.filters.update(FILTERS)
env.filters["country"] = country_name
env.filters["web_url"] = web_url  # every href to an outside URL goes through it: no javascript: or data: links
env.globals["STATUS_CLASSES"] = STATUS_CLASSES

templates = Jinja2Templates(env=env)
