// Single-page navigation with the History API: every view is a path plus a query string, so an
// address can be shared and reloaded; links inside the app are intercepted and rendered here.
import {queryString} from './api.js';
import {loading} from './dom.js';

const routes = new Map();
let fallback = null;
let controller = null;
let outlet = null;

export function route(path, render) {
  routes.set(path, render);
}

export function fallbackRoute(render) {
  fallback = render;
}

export function href(path, params) {
  return path + queryString(params);
}

export function navigate(path, params, {replace = false} = {}) {
  const url = href(path, params);
  if (replace) {
    history.replaceState(null, '', url);
  } else {
    history.pushState(null, '', url);
  }
  return dispatch();
}

export function params() {
  return Object.fromEntries(new URLSearchParams(location.search));
}

// The page being replaced gets its requests aborted so a slow answer cannot overwrite a newer view.
export async function dispatch() {
  if (controller) controller.abort();
  controller = new AbortController();
  const render = routes.get(location.pathname) || fallback;
  for (const link of document.querySelectorAll('nav a[data-path]')) {
    link.toggleAttribute('aria-current', link.dataset.path === location.pathname);
  }
  outlet.replaceChildren(loading());
  window.scrollTo(0, 0);
  try {
    await render(outlet, params(), controller.signal);
  } catch (error) {
    if (error.name !== 'AbortError') throw error;
  }
}

export function start(element) {
  outlet = element;
  window.addEventListener('popstate', dispatch);
  document.addEventListener('click', (event) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey ||
        event.shiftKey || event.altKey) {
      return;
    }
    const link = event.target.closest('a[href]');
    if (!link || link.target || link.hasAttribute('download')) return;
    const url = new URL(link.href, location.href);
    if (url.origin !== location.origin || !routes.has(url.pathname)) return;
    event.preventDefault();
    history.pushState(null, '', url.pathname + url.search + url.hash);
    dispatch();
  });
  return dispatch();
}
