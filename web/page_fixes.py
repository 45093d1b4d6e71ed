"""Sphinx extension: small fixes to what jupyter-book and the theme put on every page.

- The download menu offers the whole book as one PDF, book.pdf (`make pdf`), beside the
  theme's "print this page".
- The book's own stylesheet and script, _static/book.css and book.js (in
  web/static/_static), on every page: a wide formula scrolls in its own box, focusable
  only then.
- myst-nb names every code toggle "Toggle hidden content" (aria-label) while it shows
  "Show code cell source": a name that leaves out the visible words fails WCAG 2.5.3
  (label in name). The built pages' toggles lose that aria-label, so the visible text
  names them; <details> already tells a screen reader whether it is open.

- jupyter-book always loads sphinx-thebe, even with thebe off (`launch_buttons.thebe:
  false`, as here). It then adds to every page an inline script naming unpkg.com, twice,
  and the second copy throws "Identifier 'THEBE_JS_URL' has already been declared". We
  unhook sphinx-thebe's events and its stylesheet, so it adds nothing.
"""


from pathlib import Path

TOGGLE_LABEL = '<summary aria-label="Toggle hidden content">'


def fix_pages(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    for path in Path(app.outdir).rglob("*.html"):
        text = path.read_text()
        if TOGGLE_LABEL in text:
            path.write_text(text.replace(TOGGLE_LABEL, "<summary>"))


def add_book_pdf(app, pagename, templatename, context, doctree):
    """A "whole book (PDF)" item in the theme's download menu, after its "this page" ones."""
    for group in context.get("header_buttons", []):
        if group.get("label") == "download-buttons":
            group["buttons"].append({
                "type": "link", "url": context["pathto"]("book.pdf", 1), "text": "book (PDF)",
                "tooltip": "Download the whole book as one PDF", "icon": "fas fa-book",
                "label": "download-book-pdf-button"})


def setup(app):
    for listeners in app.events.listeners.values():
        for listener in list(listeners):
            if listener.handler.__module__ == "sphinx_thebe":
                app.disconnect(listener.id)
    app.registry.css_files = [(name, attrs) for name, attrs in app.registry.css_files
                              if name != "sphinx-thebe.css"]
    app.add_css_file("book.css", priority=900)  # after the theme's, so that it wins
    app.add_js_file("book.js", loading_method="defer")
    app.connect("build-finished", fix_pages)
    app.connect("html-page-context", add_book_pdf, priority=600)  # after the theme's buttons
    return {"version": "1", "parallel_read_safe": True}
