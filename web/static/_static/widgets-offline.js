// Make the Jupyter widget manager load everything from this book, never from a CDN.
// Loaded after require.js and before the widget manager (embed-amd.js) on widget pages.
(function () {
  var vendor = document.currentScript.src.replace(/[^/]*$/, "") + "vendor/";
  // Modules the manager asks require.js for: anywidget's front end is copied at build
  // time from the installed anywidget Python package (web/offline_assets.py).
  window.require.config({
    paths: {
      "@jupyter-widgets/html-manager/dist": vendor + "html-manager",
      "anywidget": vendor + "anywidget/index",
    },
  });
  // Where the manager's bundled CSS finds its icon fonts.
  window.__jupyter_widgets_assets_path__ = vendor + "html-manager/";
  // The manager typesets math in widget labels with MathJax 2's MathJax.Hub.Queue;
  // the book uses MathJax 3, so map that call onto MathJax 3's typesetPromise.
  document.addEventListener("DOMContentLoaded", function () {
    if (window.MathJax && !window.MathJax.Hub) {
      window.MathJax.Hub = {
        Queue: function (job) {
          if (window.MathJax.typesetPromise) window.MathJax.typesetPromise([job[2]]);
        },
      };
    }
  });
})();
