"""Sphinx extension: small fixes to what jupyter-book and the theme put on every page.

- The book's own stylesheet, _static/book.css (web/static/_static/book.css), on every page.

- jupyter-book always loads sphinx-thebe, even with thebe off (`launch_buttons.thebe:
  false`, as here). It then adds to every page an inline script naming unpkg.com, twice,
  and the second copy throws "Identifier 'THEBE_JS_URL' has already been declared". We
  unhook sphinx-thebe's events and its stylesheet, so it adds nothing.
"""


def setup(app):
    for listeners in app.events.listeners.values():
        for listener in list(listeners):
            if listener.handler.__module__ == "sphinx_thebe":
                app.disconnect(listener.id)
    app.registry.css_files = [(name, attrs) for name, attrs in app.registry.css_files
                              if name != "sphinx-thebe.css"]
    app.add_css_file("book.css", priority=900)  # after the theme's, so that it wins
    return {"version": "1", "parallel_read_safe": True}
