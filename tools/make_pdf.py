"""The whole book as one PDF, printed from the built HTML by chromium (`make pdf`).

    python tools/make_pdf.py [--html _build/html] [--out _build/html/book.pdf]

Each page of the table of contents is opened in chromium (so its widgets are drawn), and its
article is taken, in order, into one document: ids get the chapter's name in front, so that
"exercises" of chapter 2 and of chapter 3 stay apart, and every link between the book's
pages becomes a link inside the PDF. The document is printed with the pages' own print
styles (code wraps, a widget or figure is not split), page numbers, and an outline of the
headings.
"""
import argparse
import functools
import http.server
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic"]

# In a page: its article, with ids prefixed by the page's name and links to the book's pages
# turned into links to those prefixed ids. `pages` maps each page's URL to its name.
TAKE_ARTICLE = r"""([name, pages]) => {
  const article = document.querySelector("article.bd-article").cloneNode(true);
  article.querySelectorAll("script, .headerlink, button").forEach((e) => e.remove());
  article.querySelectorAll("[id]").forEach((e) => { e.id = `${name}--${e.id}`; });
  // a heading as one plain text: chromium's outline repeats the parts of a heading made of several
  article.querySelectorAll("h1, h2, h3, h4").forEach((e) => { e.textContent = e.textContent.replace(/\s+/g, " ").trim(); });
  article.querySelectorAll("img[src]").forEach((img) => { img.src = img.src; });  // absolute
  article.querySelectorAll("a[href]").forEach((a) => {
    const url = new URL(a.getAttribute("href"), location.href);
    const target = pages[url.origin + url.pathname];
    if (target) a.setAttribute("href", "#" + target + (url.hash ? `--${url.hash.slice(1)}` : ""));
    else if (url.origin === location.origin) a.removeAttribute("href");  // a file of the site: no use in a PDF
  });
  return `<section id="${name}" class="book-pdf-page">${article.innerHTML}</section>`;
}"""

FOOTER = ('<div style="font-size: 8px; width: 100%; text-align: center; color: #555;">'
          '<span class="title"></span> · <span class="pageNumber"></span></div>')


def toc_pages(root):
    """The book's pages in the order of _toc.yml, as paths of built HTML files."""
    pages = []
    for line in (root / "_toc.yml").read_text().splitlines():
        key, _, value = line.strip().lstrip("- ").partition(":")
        if key in ("root", "file"):
            pages.append(value.strip() + ".html")
    return pages


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def make_pdf(html, out, pages=None):
    """Print the pages (default: the whole table of contents) into one PDF at `out`."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(html)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    paths = pages or toc_pages(ROOT)
    names = {base + path: path.removesuffix(".html").replace("/", "-") for path in paths}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page()
        sections = []
        for url, name in names.items():
            page.goto(url, wait_until="networkidle")
            if page.locator('script[type="application/vnd.jupyter.widget-view+json"]').count():
                page.wait_for_selector(".mnn-widget")
            sections.append(page.evaluate(TAKE_ARTICLE, [name, names]))
        page.goto(base + paths[0], wait_until="networkidle")
        page.evaluate("""(sections) => {
            document.title = "Neural networks from the math up";
            document.querySelector("article.bd-article").innerHTML = sections.join("");
        }""", sections)
        # The theme prints a page's title and contents (.onlyprint) and hides the article's
        # first h1 in their place; here each chapter's own h1 opens its section instead.
        page.add_style_tag(content=".book-pdf-page + .book-pdf-page { break-before: page; } h1, h2, h3, h4 { break-after: avoid; break-inside: avoid; } "
                                   ".bd-article .book-pdf-page h1 { display: block !important; } "
                                   ".onlyprint, .bd-header, .bd-sidebar-primary, .bd-sidebar-secondary, .bd-footer, "
                                   ".bd-footer-article, .header-article, .prev-next-area { display: none !important; }")
        page.emulate_media(media="print")
        page.pdf(path=str(out), format="A4", print_background=True, outline=True, tagged=True,
                 display_header_footer=True, header_template="<div></div>", footer_template=FOOTER,
                 margin={"top": "16mm", "bottom": "18mm", "left": "14mm", "right": "14mm"})
        browser.close()
    server.shutdown()
    server.server_close()
    return out


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--html", type=Path, default=ROOT / "_build" / "html")
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()
    out = make_pdf(args.html, args.out or args.html / "book.pdf")
    print(f"wrote {out} ({out.stat().st_size / 1e6:.1f} MB)")
