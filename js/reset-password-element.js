// <reset-password-widget>: the custom element that hosts the widget.
//
// Load this module from your page (no inline script needed):
//   <script type="module" src="/reset-password-element.js"></script>
//   <reset-password-widget api-base="https://graph.microsoft.com/v1.0"></reset-password-widget>
// and give it a token: element.tokenProvider = async ({forceRefresh}) => token.
//
// Hosts that prefer a plain element can call mountInto(element) instead; any
// element marked with data-reset-password-widget is mounted automatically.

import init, { mountWidget } from "./reset-password-widget.js";

// The translation tables (French, German, Chinese) sit beside this module,
// like the wasm: a host on another origin reads them from the widget's origin.
const TABLES_URL = new URL("i18n/", import.meta.url).href;

let loading;
/** Loads the WebAssembly module once for every widget on the page. */
export function ready() {
  // The marks split the first screen into its parts for hosts' own timing.
  loading ??= init().then((exports) => {
    performance.mark("reset-password:wasm-ready");
    return exports;
  });
  return loading;
}

const ATTRIBUTES = [
  "api-base",
  "cloud",
  "lang",
  "page-size",
  "password-length",
  "sign-in-url",
  "tenant-name",
  "theme",
];

/**
 * Mounts the widget into `element`; returns a function that unmounts it. The
 * function's `busy()` says whether the reset dialog is open.
 */
export async function mountInto(element) {
  await ready();
  const handle = await mountWidget(element, TABLES_URL);
  performance.mark("reset-password:mounted");
  const unmount = () => {
    handle.unmount();
    handle.free();
  };
  unmount.busy = () => handle.busy();
  return unmount;
}

/** How often a deferred re-configuration checks whether the dialog closed. */
const IDLE_CHECK_MS = 500;

class ResetPasswordWidgetElement extends HTMLElement {
  static observedAttributes = ATTRIBUTES;
  #unmount = null;
  #generation = 0;
  #deferred = null;
  #tokenAsked = false;

  connectedCallback() {
    this.#mount();
    this.#askForTokenEarly();
  }

  // The first requests need a token: ask the host for one while the wasm
  // still loads, so they need not wait for it. Once per element, after the
  // script that imported this module had its turn to set tokenProvider (a
  // microtask runs once the module graph is evaluated; a timer could wait
  // behind the wasm's instantiation). The provider hands back its cached
  // token when the widget asks again.
  #askForTokenEarly() {
    if (this.#tokenAsked) return;
    this.#tokenAsked = true;
    queueMicrotask(() => {
      try {
        Promise.resolve(this.tokenProvider?.({ forceRefresh: false })).catch(() => {});
      } catch {
        // The widget's own request reports a failing provider.
      }
    });
  }

  disconnectedCallback() {
    this.#teardown();
  }

  attributeChangedCallback(_name, oldValue, newValue) {
    if (oldValue !== newValue && this.isConnected && this.#unmount) this.#reconfigure();
  }

  // New settings re-create the widget, but never under an open dialog: a
  // result on screen (a password that was set) must not vanish.
  #reconfigure() {
    if (this.#unmount?.busy()) {
      this.#deferred ??= setInterval(() => {
        if (!this.#unmount?.busy()) this.#reconfigure();
      }, IDLE_CHECK_MS);
      return;
    }
    this.#teardown();
    this.#mount();
  }

  async #mount() {
    const generation = ++this.#generation;
    await ready();
    // The element may have been removed or re-configured while loading.
    if (generation !== this.#generation || !this.isConnected) return;
    const unmount = await mountInto(this);
    // Or while its language's table loaded.
    if (generation !== this.#generation || !this.isConnected) {
      unmount();
      return;
    }
    this.#unmount = unmount;
  }

  #teardown() {
    clearInterval(this.#deferred);
    this.#deferred = null;
    this.#generation++;
    if (this.#unmount) {
      this.#unmount();
      this.#unmount = null;
    }
  }
}

if (!customElements.get("reset-password-widget")) {
  customElements.define("reset-password-widget", ResetPasswordWidgetElement);
}

for (const element of document.querySelectorAll("[data-reset-password-widget]")) {
  mountInto(element);
}
