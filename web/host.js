// The book's widget host: runs the chapters' widgets on the static page, with no kernel.
//
// A notebook executed with its widget state stored keeps each widget's traits and code.
// On a page, myst-nb embeds that state (a script of type
// application/vnd.jupyter.widget-state+json) and marks where each widget goes (a script of
// type application/vnd.jupyter.widget-view+json naming its model). The book build
// (web/widget_host.py) saves each widget's module beside this file and names it in the
// state. This host imports each module once, gives each widget a model with anywidget's
// front-end API (get, set, on, off, save_changes, send) and calls its initialize and render,
// as anywidget does in Jupyter. In Jupyter nothing of this runs: anywidget does it there.

const HERE = new URL(".", import.meta.url);
const modules = new Map(); // file name -> the import, once per distinct module

// A widget's model: its traits, and the events a widget listens to ("change:w", "change").
class Model {
  constructor(state) {
    this.state = state;
    this.listeners = new Map();
  }

  get(name) {
    return this.state[name];
  }

  set(name, value) {
    if (JSON.stringify(this.state[name]) === JSON.stringify(value)) return;
    this.state[name] = value;
    this.emit(`change:${name}`, value);
    this.emit("change");
  }

  on(event, callback) {
    for (const name of event.split(" ")) {
      if (!this.listeners.has(name)) this.listeners.set(name, new Set());
      this.listeners.get(name).add(callback);
    }
  }

  off(event, callback) {
    if (!event) return this.listeners.clear();
    for (const name of event.split(" ")) {
      if (callback) this.listeners.get(name)?.delete(callback);
      else this.listeners.delete(name);
    }
  }

  emit(event, ...args) {
    for (const callback of this.listeners.get(event) ?? []) callback(...args);
  }

  save_changes() {} // no kernel to save to: the page is the only copy

  send() {} // nor to send messages to
}

// A file the build saved beside this host ("widget-<hash>.js" or ".css"), or an error.
function fileUrl(name, kind) {
  if (typeof name !== "string" || !new RegExp(`^widget-[0-9a-f]+\\.${kind}$`).test(name))
    throw new Error(`its ${kind === "js" ? "code" : "style"} was not saved by the book build`);
  return new URL(name, HERE);
}

function addStyle(name) {
  const href = fileUrl(name, "css").href;
  if (document.querySelector(`link[href="${href}"]`)) return;
  document.head.append(Object.assign(document.createElement("link"), { rel: "stylesheet", href }));
}

// Render one view: the model it names, its module's initialize and render, into `el`.
async function renderView(models, view, el) {
  const { model_id } = JSON.parse(view.textContent);
  const entry = models[model_id];
  if (!entry) throw new Error(`its model ${model_id} is not saved in the page`);
  const { _esm, _css, ...traits } = entry.state;
  if (_css) addStyle(_css);
  const url = fileUrl(_esm, "js").href;
  if (!modules.has(url)) modules.set(url, import(url));
  let widget = (await modules.get(url)).default;
  if (typeof widget === "function") widget = await widget(); // anywidget's "export default () => ({...})"
  entry.model ??= new Model(traits); // one model, however many views
  await widget.initialize?.({ model: entry.model });
  await widget.render({ model: entry.model, el });
}

// In place of a widget that cannot be shown: a visible note saying so, never a blank.
function showError(el, error) {
  el.className = "mnn-host-error";
  el.setAttribute("role", "note");
  el.style.cssText = "border: 2px dashed #b35900; padding: 0.6em 0.9em; margin: 0.5em 0 1em";
  el.textContent = `This interactive figure could not be shown: ${error.message}. ` +
    "Running the chapter's notebook in Jupyter shows it.";
  console.warn("mathnn widget host:", error);
}

// Render every view in the page, each once, as soon as the parser has written it. The
// host loads async, before the page is parsed: it renders the views already there, then
// each one the parser adds, and sweeps once more when the document is complete.
const VIEWS = 'script[type="application/vnd.jupyter.widget-view+json"]';
const started = new WeakSet();
let models = null;

function renderViews() {
  if (!models) {
    const stateScript = document.querySelector('script[type="application/vnd.jupyter.widget-state+json"]');
    if (!stateScript) return; // not parsed yet
    models = JSON.parse(stateScript.textContent).state;
  }
  for (const view of document.querySelectorAll(VIEWS)) {
    if (started.has(view)) continue;
    try {
      JSON.parse(view.textContent); // still being written by the parser? then next time
    } catch {
      if (document.readyState === "loading") continue;
    }
    started.add(view);
    const el = document.createElement("div");
    el.className = "mnn-host";
    view.before(el);
    renderView(models, view, el).catch((error) => showError(el, error));
  }
}

if (document.readyState === "loading") {
  const parsing = new MutationObserver(renderViews);
  parsing.observe(document.documentElement, { childList: true, subtree: true });
  document.addEventListener("DOMContentLoaded", () => {
    parsing.disconnect();
    renderViews();
  });
}
renderViews();
