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
    if (options.raw) return response; // a file to save, not JSON to read
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
    const provider = JSON.parse(store.getItem('lokiz.provider') || 'null');
    const idToken = store.getItem('lokiz.id-token');
    clearTimeout(renewal);
    for (const key of ['lokiz.token', 'lokiz.subject', 'lokiz.job', 'lokiz.image', 'lokiz.videos', 'lokiz.provider',
      'lokiz.id-token', 'lokiz.refresh-token']) store.removeItem(key);
    if (provider && provider.endSessionEndpoint) { // signed in at the provider: sign out there too, then come back
      const back = new URLSearchParams({ client_id: provider.clientId, post_logout_redirect_uri: location.origin + location.pathname });
      if (idToken) back.set('id_token_hint', idToken);
      location.assign(`${provider.endSessionEndpoint}?${back}`);
      return;
    }
    signedOut();
  }

  // Signing in at the identity provider: OpenID Connect's authorization code flow with PKCE (RFC 7636) for
  // the studio's public client. The verifier stays in this tab; tokens are kept as the embedded ones are,
  // and renewed with the refresh token a little before they expire.
  let renewal;
  const base64url = (bytes) => btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  const random = (n) => base64url(crypto.getRandomValues(new Uint8Array(n)));
  const claims = (jwt) => JSON.parse(atob(jwt.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
  const here = () => location.origin + location.pathname;

  async function toProvider(provider) {
    const verifier = random(32);
    const state = random(16);
    const challenge = base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
    store.setItem('lokiz.pkce', JSON.stringify({ verifier, state, provider }));
    const ask = new URLSearchParams({ response_type: 'code', client_id: provider.clientId, redirect_uri: here(),
      scope: provider.scope, state, code_challenge: challenge, code_challenge_method: 'S256' });
    location.assign(`${provider.authorizationEndpoint}?${ask}`);
  }

  async function tokens(provider, form) {
    const r = await fetch(provider.tokenEndpoint, { method: 'POST', body: new URLSearchParams(form),
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
    const answer = await r.json().catch(() => ({}));
    if (!r.ok) throw new Error(`The identity provider refused: ${answer.error_description || answer.error || r.status}`);
    const who = claims(answer.access_token);
    store.setItem('lokiz.token', answer.access_token);
    store.setItem('lokiz.subject', who.preferred_username || who.upn || who.email || who.sub);
    store.setItem('lokiz.provider', JSON.stringify(provider));
    if (answer.id_token) store.setItem('lokiz.id-token', answer.id_token);
    if (answer.refresh_token) store.setItem('lokiz.refresh-token', answer.refresh_token);
    scheduleRenewal(provider, who.exp);
  }

  function scheduleRenewal(provider, exp) {
    clearTimeout(renewal);
    const refresh = store.getItem('lokiz.refresh-token');
    if (!refresh || !exp) return;
    const inMs = Math.max(5000, (exp * 1000 - Date.now()) * 0.8);
    renewal = setTimeout(() => tokens(provider, { grant_type: 'refresh_token', refresh_token: refresh, client_id: provider.clientId })
      .catch(() => { say('Your sign-in has expired; sign in again.'); signOut(); }), inMs);
  }

  /** Back from the provider with ?code=…&state=…: the code for tokens, once, and the address cleaned. */
  async function fromProvider() {
    const query = new URLSearchParams(location.search);
    const pkce = JSON.parse(store.getItem('lokiz.pkce') || 'null');
    if (!query.has('state') || !pkce) return;
    store.removeItem('lokiz.pkce');
    history.replaceState(null, '', location.pathname);
    if (query.get('state') !== pkce.state) throw new Error('The sign-in came back for another request; sign in again.');
    if (query.has('error')) throw new Error(`The identity provider did not sign you in: ${query.get('error_description') || query.get('error')}`);
    await tokens(pkce.provider, { grant_type: 'authorization_code', code: query.get('code'), redirect_uri: here(),
      client_id: pkce.provider.clientId, code_verifier: pkce.verifier });
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
      let methods = { embedded: false };
      try {
        const r = await fetch('/api/sign-in');
        if (r.ok) methods = await r.json();
      } catch (offline) { /* neither form until the server answers */ }
      provider = methods.provider || null;
      $('dev-sign-in').hidden = !methods.embedded;
      $('provider-sign-in').hidden = !provider;
    };
    let provider = null;
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
    $('provider-sign-in').addEventListener('submit', (e) => {
      e.preventDefault();
      say('');
      if (provider) toProvider(provider).catch((err) => say(err.message));
    });
    $('sign-out').addEventListener('click', signOut);
    fromProvider().catch((err) => say(err.message)).finally(() => {
      const kept = JSON.parse(store.getItem('lokiz.provider') || 'null');
      const token = store.getItem('lokiz.token');
      if (kept && token) scheduleRenewal(kept, claims(token).exp); // a reload keeps renewing
      if (token) open(); else showSignIn();
    });
  }

  return { $, store, STATES, ENDED, words, api, upload, json, say, el, row, fill, when, session, signOut };
})();
