// The book's own page script (added to every page by web/page_fixes.py).
//
// A display formula wider than its column scrolls sideways in its own box (book.css), so
// the page itself never does. Such a box, and only such a box, can take the keyboard's
// focus (to scroll it with the arrow keys), and shows a fading edge as a visible cue.
function markWideFormulas() {
  for (const box of document.querySelectorAll("div.math > .katex-display")) {
    const wide = box.scrollWidth > box.clientWidth + 1;
    box.classList.toggle("book-scrolls", wide);
    if (wide) {
      box.tabIndex = 0;
      box.setAttribute("role", "group");
      box.setAttribute("aria-label", "Formula, wider than the page: scroll it sideways");
    } else {
      box.removeAttribute("tabindex");
      box.removeAttribute("role");
      box.removeAttribute("aria-label");
    }
  }
}

let resizing = null;
window.addEventListener("resize", () => {
  clearTimeout(resizing);
  resizing = setTimeout(markWideFormulas, 150);
});
if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", markWideFormulas);
else markWideFormulas();
