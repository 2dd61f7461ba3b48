'use strict';
// The studio: plain DOM and fetch, no build step. The token lives in this tab's sessionStorage;
// the job being watched too, so a reload picks its progress up again.
(() => {
  const $ = (id) => document.getElementById(id);
  const store = window.sessionStorage;
  const STATES = { pending: 'Waiting in the queue', generating: 'Generating the motion', encoding: 'Encoding the video',
    uploading: 'Storing the video', completed: 'Done', failed: 'Failed', canceled: 'Canceled' };
  let prices = {};
  let imageId = null;
  let events = null;

  /** A problem+json answer as a sentence people can act on. */
  async function problem(response) {
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

  async function api(path, options = {}) {
    const headers = Object.assign({}, options.headers || {});
    const token = store.getItem('lokiz.token');
    if (token) headers.Authorization = `Bearer ${token}`;
    const response = await fetch(path, Object.assign({}, options, { headers }));
    if (!response.ok) throw new Error(await problem(response));
    return response.status === 204 ? null : response.json();
  }

  function say(text, info) {
    const m = $('message');
    m.textContent = text;
    m.className = info ? 'info' : '';
    m.hidden = !text;
  }

  async function showSignIn() {
    $('account').hidden = true;
    $('studio').hidden = true;
    $('sign-in').hidden = false;
    try {
      const r = await fetch('/api/dev/sign-in');
      $('dev-sign-in').hidden = !r.ok; // only on the embedded identity
    } catch (offline) { $('dev-sign-in').hidden = true; }
  }

  function signOut() {
    store.removeItem('lokiz.token');
    store.removeItem('lokiz.subject');
    store.removeItem('lokiz.job');
    if (events) events.close();
    showSignIn();
  }

  async function showStudio() {
    $('sign-in').hidden = true;
    $('account').hidden = false;
    $('studio').hidden = false;
    $('who').textContent = store.getItem('lokiz.subject') || 'token';
    await Promise.all([refreshBalance(), loadPrices(), refreshJobs()]);
    const watching = store.getItem('lokiz.job');
    if (watching) follow(watching);
  }

  async function refreshBalance() {
    try {
      $('balance').textContent = (await api('/api/credits/balance')).available;
    } catch (e) { say(e.message); }
  }

  async function loadPrices() {
    prices = await api('/api/credits/prices');
    const list = $('prices');
    list.replaceChildren(...Object.entries(prices).map(([type, credits]) => {
      const li = document.createElement('li');
      li.textContent = `${type.replace(/_/g, ' ')}: ${credits} credits`;
      return li;
    }));
    $('price').textContent = prices.video_preview ?? '?';
  }

  async function refreshJobs() {
    const page = await api('/v1/ai/jobs?limit=10');
    $('jobs').replaceChildren(...page.jobs.map((job) => {
      const row = document.createElement('tr');
      const cells = [new Date(job.created_at).toLocaleString(), job.job_type.replace(/_/g, ' '), STATES[job.status] || job.status,
        String(job.credits_used || job.credits_reserved), job.error || ''];
      for (const text of cells) {
        const td = document.createElement('td');
        td.textContent = text;
        row.append(td);
      }
      const actions = document.createElement('td');
      if (!['completed', 'failed', 'canceled'].includes(job.status)) {
        const cancel = document.createElement('button');
        cancel.type = 'button';
        cancel.textContent = 'Cancel';
        cancel.setAttribute('aria-label', `Cancel the ${job.job_type.replace(/_/g, ' ')} job`);
        cancel.addEventListener('click', async () => {
          try {
            await api(`/v1/ai/jobs/${job.id}/cancel`, { method: 'POST' });
            say('The job was canceled; its credits were returned.', true);
          } catch (e) { say(e.message); }
          refreshJobs();
          refreshBalance();
        });
        actions.append(cancel);
      }
      row.append(actions);
      return row;
    }));
  }

  async function upload(file) {
    say('');
    if (!file) return;
    $('preview').src = URL.createObjectURL(file);
    $('preview').hidden = false;
    $('generate').disabled = true;
    try {
      const image = await api('/api/images', { method: 'POST', headers: { 'Content-Type': file.type || 'application/octet-stream' }, body: file });
      imageId = image.id;
      $('generate').disabled = false;
      say('Image ready.', true);
    } catch (e) { say(e.message); }
  }

  async function generate(event) {
    event.preventDefault();
    say('');
    const settings = { duration: Number($('duration').value), resolution: $('resolution').value, fps: Number($('fps').value),
      format: $('format').value, enableHLS: $('hls').checked, enableBranding: $('branding').checked };
    try {
      const accepted = await api('/api/video/generate', { method: 'POST', headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ tryonImageId: imageId, settings }) });
      store.setItem('lokiz.job', accepted.jobId);
      follow(accepted.jobId);
      refreshBalance();
      refreshJobs();
    } catch (e) { say(e.message); }
  }

  /** Follows a job's progress over SSE (EventSource cannot send a header: a ticket opens this one stream). */
  async function follow(jobId) {
    if (events) events.close();
    $('progress-section').hidden = false;
    $('result').hidden = true;
    try {
      const ticket = await api(`/api/video/status/${jobId}/ticket`, { method: 'POST' });
      events = new EventSource(ticket.eventsUrl);
      events.addEventListener('status', (e) => show(JSON.parse(e.data)));
      events.onerror = () => { if (events.readyState === EventSource.CLOSED) events = null; };
    } catch (e) { say(e.message); }
  }

  function show(job) {
    $('state').textContent = `${STATES[job.status] || job.status} — ${job.progress} %`;
    $('progress').value = job.progress;
    if (job.status === 'failed' || job.status === 'canceled') {
      say(job.error || `The job was ${job.status}; its credits were returned.`);
      finish();
    }
    if (job.status === 'completed' && job.result) {
      play(job.result);
      finish();
    }
  }

  function finish() {
    store.removeItem('lokiz.job');
    if (events) { events.close(); events = null; }
    refreshBalance();
    refreshJobs();
  }

  function play(result) {
    const urls = result.urls || {};
    const player = $('player');
    if (urls.thumbnail) {
      player.poster = urls.thumbnail;
      $('thumbnail-link').href = urls.thumbnail;
    }
    $('download').href = urls.mp4;
    if (urls.hls && window.Hls && window.Hls.isSupported()) {
      const hls = new window.Hls();
      hls.loadSource(urls.hls);
      hls.attachMedia(player);
    } else {
      player.src = urls.mp4;
    }
    $('result').hidden = false;
  }

  document.addEventListener('DOMContentLoaded', () => {
    $('dev-sign-in').addEventListener('submit', async (e) => {
      e.preventDefault();
      say('');
      try {
        const session = await api('/api/dev/sign-in', { method: 'POST', headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ name: $('name').value.trim() }) });
        store.setItem('lokiz.token', session.token);
        store.setItem('lokiz.subject', session.subject);
        showStudio();
      } catch (err) { say(err.message); }
    });
    $('token-sign-in').addEventListener('submit', (e) => {
      e.preventDefault();
      store.setItem('lokiz.token', $('token').value.trim());
      showStudio().catch((err) => say(err.message));
    });
    $('sign-out').addEventListener('click', signOut);
    $('file').addEventListener('change', () => upload($('file').files[0]));
    const drop = $('drop');
    drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('over'); });
    drop.addEventListener('dragleave', () => drop.classList.remove('over'));
    drop.addEventListener('drop', (e) => { e.preventDefault(); drop.classList.remove('over'); upload(e.dataTransfer.files[0]); });
    drop.addEventListener('keydown', (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); $('file').click(); } });
    $('preview-form').addEventListener('submit', generate);
    if (store.getItem('lokiz.token')) showStudio().catch((err) => say(err.message)); else showSignIn();
  });
})();
