// Talks to fissure's JSON API: builds query strings, turns error bodies into ApiError, and asks
// for an access token when the server answers 401 (kept in localStorage for the next visit).
import {h} from './dom.js';

const TOKEN_KEY = 'fissure.token';

export class ApiError extends Error {
  constructor(message, status) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
  }
}

export function storedToken() {
  try {
    return localStorage.getItem(TOKEN_KEY) || '';
  } catch {
    return '';
  }
}

export function forgetToken() {
  try {
    localStorage.removeItem(TOKEN_KEY);
  } catch {
    // Private windows may refuse storage; the token then lives only for this request.
  }
}

function keepToken(token) {
  try {
    localStorage.setItem(TOKEN_KEY, token);
  } catch {
    // See forgetToken.
  }
}

let pendingTokenRequest = null;

// One dialog at a time even when several requests are refused together.
function askForToken(reason) {
  if (pendingTokenRequest) return pendingTokenRequest;
  pendingTokenRequest = new Promise((resolve) => {
    const input = h('input', {
      type: 'password',
      name: 'token',
      autocomplete: 'off',
      required: true,
      'aria-label': 'Access token'
    });
    const dialog =
        h('dialog', {class: 'token-dialog'},
          h('form', {method: 'dialog'}, h('h2', {}, 'Access token'), h('p', {}, reason),
            h('p', {class: 'muted'},
              'Ask the archive\'s editor for a token (fissure token create). ' +
                  'It is kept in this browser.'),
            input,
            h('div', {class: 'actions'},
              h('button', {value: 'cancel', type: 'submit', formnovalidate: true}, 'Cancel'),
              h('button', {value: 'ok', type: 'submit', class: 'primary'}, 'Use token'))));
    dialog.addEventListener('close', () => {
      const token = dialog.returnValue === 'ok' ? input.value.trim() : '';
      dialog.remove();
      pendingTokenRequest = null;
      resolve(token);
    });
    document.body.append(dialog);
    dialog.showModal();
  });
  return pendingTokenRequest;
}

export function queryString(params) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params || {})) {
    if (value === null || value === undefined || value === '' || value === false) continue;
    search.set(key, value === true ? '1' : String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

async function request(path, params, options = {}) {
  const url = path + queryString(params);
  for (;;) {
    const headers = {...(options.headers || {})};
    const token = storedToken();
    if (token) headers.Authorization = `Bearer ${token}`;
    let response;
    try {
      response = await fetch(
          url,
          {method: options.method || 'GET', headers, body: options.body, signal: options.signal});
    } catch (error) {
      if (error.name === 'AbortError') throw error;
      throw new ApiError(`The server cannot be reached (${error.message}).`, 0);
    }
    if (response.status === 401) {
      forgetToken();
      let reason = 'This archive needs an access token.';
      try {
        const body = await response.json();
        if (body && body.error) reason = body.error;
      } catch {
        // Keep the generic reason.
      }
      const entered = await askForToken(reason);
      if (!entered) throw new ApiError(`${reason} No token was given.`, 401);
      keepToken(entered);
      continue;
    }
    let body;
    try {
      body = await response.json();
    } catch {
      throw new ApiError(
          `The server answered ${response.status} ${response.statusText} ` +
              'with something that is not JSON.',
          response.status);
    }
    if (!response.ok) {
      const message =
          body && typeof body.error === 'string' ? body.error : `HTTP ${response.status}`;
      throw new ApiError(message, response.status);
    }
    return body;
  }
}

export function getJson(path, params, signal) {
  return request(path, params, {signal});
}

export function postFile(path, params, file, signal) {
  return request(
      path, params,
      {method: 'POST', body: file, signal, headers: {'Content-Type': 'application/octet-stream'}});
}

// Lists that never change while the page is open (the archive's countries, sources, speakers).
const cache = new Map();
export function getCached(path, params) {
  const key = path + queryString(params);
  if (!cache.has(key)) {
    const promise = request(path, params);
    promise.catch(() => cache.delete(key));
    cache.set(key, promise);
  }
  return cache.get(key);
}
