'use strict';
// What the studio and the admin console share: the session (this tab's sessionStorage, so the
// console and the studio opened in one tab share a sign-in), calls to the API whose problem+json
// answers become sentences people can act on, and the message line.
window.Lokiz = (() => {
  const $ = (id) => document.getElementById(id);
  const store = window.sessionStorage;
  const STATES = { pending: 'Waiting in the queue', generating: 'Generating', encoding: 'Encoding the video',
    uploading: 'Storing the files', completed: 'Done', failed: 'Failed', canceled: 'Canceled' };
  const ENDED = ['completed', 'failed', 'canceled'];
  let signedOut = () => {};

  /** A job type or key as words: "glitch_animate" → "glitch animate". */
  const words = (name) => String(name).replace(/_/g, ' ');

  /** An error whose message is the problem's sentence and which keeps the HTTP status. */
  class Refusal extends Error {
    constructor(message, status) {
      super(message);
      this.status = status;
    }
  }

  async function sentence(response) {
    let body = {};
    try { body = await response.json(); } catch (notJson) { /* a bare status */ }
    const retry = response.headers.get('Retry-After');
    if (response.status === 402 && body.price !== undefined) {
      return `Not enough credits: this costs ${body.price} and you have ${body.available}, so ${body.price - body.available} are missing.`;
    }
    if (response.status === 429 || (response.status === 503 && retry)) {
      return `${body.detail || body.title || 'Too many requests'}. Retry in ${retry || 'a few'} s.`;
    }
    if (response.status === 401) {
      signOut();
      return 'Your sign-in has expired; sign in again.';
    }
    return body.detail || body.title || `The server answered ${response.status}.`;
  }

  /** Calls the API with the session's token; a refusal throws a {@link Refusal} worded for people. */
  async function api(path, options = {}) {
    const headers = Object.assign({}, options.headers || {});
    const token = store.getItem('lokiz.token');
    if (token) headers.Authorization = `Bearer ${token}`;
    const response = await fetch(path, Object.assign({}, options, { headers }));
    if (!response.ok) throw new Refusal(await sentence(response), response.status);
    return response.status === 204 ? null : response.json();
  }

  /** Sends a file as the request body, typed as the browser knows it. */
  const upload = (path, file, method = 'POST') =>
    api(path, { method, headers: { 'Content-Type': file.type || 'application/octet-stream' }, body: file });

  /** Options for a JSON request. */
  const json = (body, method = 'POST') => ({ method, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

  function say(text, info) {
    const m = $('message');
    m.textContent = text;
    m.className = info ? 'info' : '';
    m.hidden = !text;
  }

  /** An element with text, and attributes or properties to set. */
  function el(tag, text, props = {}) {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    Object.assign(e, props);
    return e;
  }

  /** A table row of text cells, then any elements given. */
  function row(cells, ...extra) {
    const tr = el('tr');
    for (const text of cells) tr.append(el('td', text));
    for (const e of extra) tr.append(e);
    return tr;
  }

  /** Fills a table body with rows, or with one row saying there are none. */
  function fill(body, rows, none) {
    if (rows.length) {
      body.replaceChildren(...rows);
      return;
    }
    const td = el('td', none, { className: 'none' });
    td.colSpan = body.closest('table').querySelectorAll('thead th').length;
    const tr = el('tr');
    tr.append(td);
    body.replaceChildren(tr);
  }

  const when = (instant) => (instant ? new Date(instant).toLocaleString() : '');

  function signOut() {
    for (const key of ['lokiz.token', 'lokiz.subject', 'lokiz.job', 'lokiz.image', 'lokiz.videos']) store.removeItem(key);
    signedOut();
  }

  /**
   * Wires the sign-in forms and the sign-out button; {@code show} opens the page once a token is
   * there. The dev form exists only while the server's embedded identity does; {@code admin} asks
   * it for the admin role, which it grants to a browser on the server's own machine only.
   */
  function session({ show, page, admin = false }) {
    const showSignIn = async () => {
      $('account').hidden = true;
      page.hidden = true;
      for (const e of document.querySelectorAll('[data-signed-in]')) e.hidden = true;
      $('sign-in').hidden = false;
      try {
        const r = await fetch('/api/dev/sign-in');
        $('dev-sign-in').hidden = !r.ok;
      } catch (offline) { $('dev-sign-in').hidden = true; }
    };
    const open = () => {
      $('sign-in').hidden = true;
      $('account').hidden = false;
      page.hidden = false;
      $('who').textContent = store.getItem('lokiz.subject') || 'token';
      return Promise.resolve(show()).catch((e) => say(e.message));
    };
    signedOut = showSignIn;
    $('dev-sign-in').addEventListener('submit', async (e) => {
      e.preventDefault();
      say('');
      try {
        const s = await api('/api/dev/sign-in', json({ name: $('name').value.trim(), admin }));
        store.setItem('lokiz.token', s.token);
        store.setItem('lokiz.subject', s.subject);
        open();
      } catch (err) { say(err.message); }
    });
    $('token-sign-in').addEventListener('submit', (e) => {
      e.preventDefault();
      say('');
      store.setItem('lokiz.token', $('token').value.trim());
      store.removeItem('lokiz.subject');
      open();
    });
    $('sign-out').addEventListener('click', signOut);
    if (store.getItem('lokiz.token')) open(); else showSignIn();
  }

  return { $, store, STATES, ENDED, words, api, upload, json, say, el, row, fill, when, session, signOut };
})();
