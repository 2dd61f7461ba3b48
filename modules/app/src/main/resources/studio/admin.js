'use strict';
// The admin console: the queue, branding, the AI label, templates, prices, credits, webhooks, playback and the audit trail. The page is
// public like every static file; what it shows comes from /api/admin/*, which only the admin role
// may read, so a signed-in user without it sees why and nothing else.
(() => {
  const { $, STATES, ENDED, words, api, upload, json, say, el, row, fill, when } = window.Lokiz;
  const KINDS = ['intro', 'outro', 'watermark'];
  const MOTIONS = ['PUSH_IN', 'SWAY', 'BOUNCE'];
  const EVENTS = ['job.completed', 'job.failed', 'job.canceled', 'video.deleted', 'credits.low', 'provider.budget_exhausted'];
  let shownEndpoint = null;
  let timer = null;
  let auditNext = null;

  async function show() {
    $('refused').hidden = true;
    try {
      await refreshQueue();
    } catch (e) {
      if (e.status === 403) {
        $('console').hidden = true;
        $('refused').hidden = false;
        $('refused-why').textContent = `The admin console is for admins, and ${$('who').textContent} does not have the admin role. `
          + 'Sign out and sign in with an admin account.';
        return;
      }
      throw e;
    }
    await Promise.all([loadJobTypes(), loadBrands(), loadLabel(), loadTemplates(), loadPrices(), loadWebhooks(), loadStats(), loadAudit(false)]);
    clearInterval(timer);
    timer = setInterval(() => { if (!$('console').hidden) refreshQueue().catch((e) => say(e.message)); }, 5000);
  }

  /** Runs an admin action; its refusal is said, its success too, and the view is refreshed. */
  async function act(work, done, refresh) {
    say('');
    try {
      await work();
      if (done) say(done, true);
    } catch (e) { say(e.message); }
    if (refresh) {
      try { await refresh(); } catch (e) { say(e.message); } // a refresh may also decide there is nothing to reload
    }
  }

  async function refreshQueue() {
    const q = await api('/api/admin/queue');
    const figures = [['Running', `${q.active} of ${q.maxActive}`], ['Waiting', q.waiting], ['In the queue', `${q.queued} of ${q.maxQueued}`],
      ...Object.entries(q.jobs).map(([state, n]) => [STATES[state] || state, n])];
    $('queue-figures').replaceChildren(...figures.map(([term, value]) => {
      const figure = el('div');
      figure.append(el('dt', term), el('dd', value));
      return figure;
    }));
    fill($('unended'), q.unended.map((job) => {
      const cancel = el('button', 'Cancel', { type: 'button' });
      cancel.setAttribute('aria-label', `Cancel ${job.owner}'s ${words(job.type)} job`);
      cancel.addEventListener('click', () => act(() => api(`/api/admin/queue/jobs/${job.id}/cancel`, { method: 'POST' }),
        `${job.owner}'s job was canceled; its credits were returned.`, refreshQueue));
      const actions = el('td');
      if (!ENDED.includes(job.state)) actions.append(cancel);
      return row([when(job.createdAt), words(job.type), job.owner, STATES[job.state] || job.state, `${job.progress} %`], actions);
    }), 'No job is waiting or running.');
    fill($('failures'), q.recentFailures.map((job) =>
      row([when(job.updatedAt), words(job.type), job.owner, job.attempts, job.error || ''], jobActions(job))), 'No job has failed.');
  }

  /** A job's buttons: its history, a retry once it failed or was canceled, a cancel while it runs. */
  function jobActions(job) {
    const actions = el('td');
    const button = (text, label, work) => {
      const b = el('button', text, { type: 'button' });
      b.setAttribute('aria-label', `${label} ${job.owner}'s ${words(job.type)} job`);
      b.addEventListener('click', work);
      actions.append(b, ' ');
    };
    button('History', 'Show the history of', () => act(() => showHistory(job.id)));
    if (job.state === 'failed' || job.state === 'canceled') {
      button('Retry', 'Retry', () => act(async () => {
        const made = await api(`/api/admin/queue/jobs/${job.id}/retry`, { method: 'POST' });
        await showHistory(made.id);
      }, `${job.owner}'s job was made again; its price is held again.`, refreshQueue));
    }
    return actions;
  }

  async function loadJobTypes() {
    const types = await api('/api/admin/job-types');
    fill($('job-types'), types.map((t) => {
      const toggle = el('button', t.paused ? 'Resume' : 'Pause', { type: 'button' });
      toggle.setAttribute('aria-label', `${t.paused ? 'Resume' : 'Pause'} ${words(t.type)} jobs`);
      toggle.addEventListener('click', () => act(() => api(`/api/admin/job-types/${t.type}`, json({ paused: !t.paused }, 'PUT')),
        `${words(t.type)} jobs are ${t.paused ? 'taken again' : 'paused on every node'}.`, loadJobTypes));
      const actions = el('td');
      actions.append(toggle);
      return row([words(t.type), t.paused ? `Paused since ${when(t.pausedAt)} by ${t.pausedBy}` : 'Taking jobs'], actions);
    }), 'No job type.');
  }

  let jobsNext = null;

  function jobFilter() {
    const query = new URLSearchParams();
    for (const name of ['user', 'type', 'state', 'id']) {
      const value = $(`job-search-${name}`).value.trim();
      if (value) query.set(name, value);
    }
    return query;
  }

  /** Anyone's jobs the form asks for: the first page, or the next older one added below it. */
  async function searchJobs(older) {
    const query = jobFilter();
    query.set('limit', '50');
    if (older && jobsNext) query.set('before', jobsNext);
    const page = await api(`/api/admin/queue/jobs?${query}`);
    const rows = page.jobs.map((job) => row([when(job.createdAt), words(job.type), job.owner, STATES[job.state] || job.state, job.error || ''],
      jobActions(job)));
    if (older) $('job-results').append(...rows);
    else fill($('job-results'), rows, 'No job matches.');
    jobsNext = page.next ?? null;
    $('job-search-more').hidden = jobsNext === null;
    $('job-search-retry').hidden = !['failed', 'canceled'].includes($('job-search-state').value) || page.jobs.length === 0;
  }

  /** Every failed (or canceled) job the search names made again, each on its own; what could not be paid is said. */
  async function retryFound() {
    const filter = jobFilter();
    const body = { state: filter.get('state') };
    if (filter.get('user')) body.user = filter.get('user');
    if (filter.get('type')) body.type = filter.get('type');
    const { retried, skipped } = await api('/api/admin/queue/retries', json(body));
    say(`${retried.length} jobs made again${skipped.length ? `; ${skipped.length} left: ${skipped.map((s) => s.detail).join('; ')}` : ''}.`,
      skipped.length === 0);
  }

  /** One job's whole story: its facts, every version, its retry links and its credits. */
  async function showHistory(id) {
    const h = await api(`/api/admin/queue/jobs/${id}`);
    $('job-history-title').textContent = `${words(h.job.type)} job ${h.job.id} of ${h.job.owner}`;
    const facts = [['State', STATES[h.job.state] || h.job.state], ['Attempts', h.job.attempts], ['Price', `${h.input.price ?? '–'} credits`],
      ['Provider', h.input.provider ?? '–'], ['Provider request', h.output.requestId ?? '–']];
    if (h.retryOf) facts.push(['Retries', h.retryOf]);
    if (h.retries.length) facts.push(['Retried as', h.retries.join(', ')]);
    if (h.job.error) facts.push(['Error', h.job.error]);
    $('job-history-facts').replaceChildren(...facts.map(([term, value]) => {
      const figure = el('div');
      figure.append(el('dt', term), el('dd', value));
      return figure;
    }));
    fill($('job-history'), h.versions.map((v) => row([v.version, when(v.at), STATES[v.state] || v.state, `${v.progress} %`, v.attempts, v.error || ''])),
      'No change recorded.');
    fill($('job-credits'), h.credits.map((e) => row([when(e.createdAt), e.kind, signed(e.availableDelta), signed(e.heldDelta), e.reason])),
      'No credits moved.');
    $('job-history-view').hidden = false;
  }

  async function loadBrands() {
    const assets = await api('/api/admin/branding');
    $('brands').replaceChildren(...KINDS.map((kind) => brand(kind, assets.find((a) => a.kind === kind))));
  }

  /** One brand asset: its preview, an on/off switch, a file to replace it and a delete. */
  function brand(kind, asset) {
    const box = el('div', null, { className: 'brand', id: `brand-${kind}` });
    box.append(el('h3', kind[0].toUpperCase() + kind.slice(1)));
    if (asset) {
      const media = kind === 'watermark' ? el('img', null, { alt: 'The watermark' })
        : el('video', null, { controls: true, muted: true, preload: 'metadata', playsInline: true });
      if (kind !== 'watermark') media.setAttribute('aria-label', `The ${kind}`);
      media.src = asset.previewUrl;
      media.className = 'brand-preview';
      box.append(media);
      if (kind !== 'watermark') box.append(el('p', `${asset.seconds} s${asset.hasAudio ? ', with sound' : ''}`, { className: 'brand-length' }));
      const label = el('label');
      const toggle = el('input', null, { type: 'checkbox', checked: asset.enabled, id: `brand-${kind}-on` });
      label.append(toggle, ` Used in branded videos`);
      toggle.addEventListener('change', () => act(() => api(`/api/admin/branding/${kind}`, json({ enabled: toggle.checked }, 'PUT')),
        `The ${kind} is ${toggle.checked ? 'on' : 'off'}.`, loadBrands));
      const remove = el('button', `Delete the ${kind}`, { type: 'button' });
      remove.addEventListener('click', () => act(() => api(`/api/admin/branding/${kind}`, { method: 'DELETE' }), `The ${kind} is deleted.`, loadBrands));
      box.append(label, remove);
    } else {
      box.append(el('p', `No ${kind}.`));
    }
    const input = el('input', null, { type: 'file', id: `brand-${kind}-file`,
      accept: kind === 'watermark' ? 'image/png,image/jpeg,image/webp' : 'video/mp4,video/quicktime,video/webm' });
    const label = el('label', asset ? `Replace the ${kind}` : `Upload ${kind === 'watermark' ? 'a' : 'an'} ${kind}`);
    label.htmlFor = input.id;
    input.addEventListener('change', () => {
      const file = input.files[0];
      if (!file) return;
      say(`Uploading the ${kind}…`, true);
      act(() => upload(`/api/admin/branding/${kind}`, file, 'PUT'),
        `The ${kind} is uploaded and on.`, loadBrands);
    });
    box.append(label, input);
    return box;
  }

  async function loadTemplates() {
    const templates = await api('/api/admin/templates');
    const rows = templates.map((t) => template(t, false));
    rows.push(template({ id: '', name: '', default_prompt: '', motion: 'PUSH_IN', enabled: true }, true));
    $('templates').replaceChildren(...rows);
  }

  /** A template's row, edited in place; the last row adds one. */
  function template(t, isNew) {
    const tag = isNew ? 'new' : t.id;
    const field = (name, value, props = {}) => {
      const input = el('input', null, Object.assign({ value, id: `template-${tag}-${name}` }, props));
      input.setAttribute('aria-label', `${isNew ? 'New template' : t.name}: ${name.replace('-', ' ')}`);
      const td = el('td');
      td.append(input);
      return [td, input];
    };
    const [idCell, id] = isNew ? field('id', '', { placeholder: 'new_id', pattern: '[a-z0-9_]{1,40}' }) : [el('td', t.id), { value: t.id }];
    const [nameCell, name] = field('name', t.name, { maxLength: 80, placeholder: isNew ? 'Name' : '' });
    const [promptCell, prompt] = field('default-prompt', t.default_prompt, { maxLength: 500 });
    const motion = el('select', null, { id: `template-${tag}-motion` });
    motion.setAttribute('aria-label', `${isNew ? 'New template' : t.name}: motion`);
    motion.append(...MOTIONS.map((m) => el('option', words(m).toLowerCase(), { value: m, selected: m === t.motion })));
    const [enabledCell, enabled] = field('offered', '', { type: 'checkbox', checked: t.enabled });
    const save = el('button', isNew ? 'Add' : 'Save', { type: 'button' });
    save.addEventListener('click', () => act(() => api(`/api/admin/templates/${encodeURIComponent(id.value.trim())}`,
      json({ name: name.value.trim(), default_prompt: prompt.value.trim(), motion: motion.value, enabled: enabled.checked }, 'PUT')),
    `The template ${id.value.trim()} is saved.`, loadTemplates));
    const motionCell = el('td');
    motionCell.append(motion);
    const actions = el('td');
    actions.append(save);
    const tr = el('tr');
    tr.append(idCell, nameCell, promptCell, motionCell, enabledCell, actions);
    return tr;
  }

  async function loadLabel() {
    const label = await api('/api/admin/provenance');
    $('label-on').checked = label.visibleLabel;
    $('label-corner').value = label.labelCorner;
    $('label-changed').textContent = `Last changed ${when(label.updatedAt)} by ${label.updatedBy}.`;
  }

  function saveLabel(event) {
    event.preventDefault();
    const on = $('label-on').checked;
    act(() => api('/api/admin/provenance', json({ visibleLabel: on, labelCorner: $('label-corner').value }, 'PUT')),
      on ? 'New videos carry the AI-generated label.' : 'New videos carry no visible label.', loadLabel);
  }

  async function loadPrices() {
    const prices = await api('/api/admin/prices');
    $('price-fields').replaceChildren(...Object.entries(prices).map(([type, credits]) => {
      const wrap = el('div');
      const input = el('input', null, { type: 'number', min: 0, value: credits, id: `price-${type}`, name: type, required: true });
      const label = el('label', `${words(type)} (credits)`);
      label.htmlFor = input.id;
      wrap.append(label, input);
      return wrap;
    }));
  }

  function savePrices(event) {
    event.preventDefault();
    const changes = {};
    for (const input of $('price-fields').querySelectorAll('input')) changes[input.name] = Number(input.value);
    act(() => api('/api/admin/prices', json(changes, 'PUT')), 'Prices saved.', loadPrices);
  }

  const account = () => $('account-name').value.trim();
  const signed = (n) => (n > 0 ? `+${n}` : String(n));

  async function loadAccount() {
    const a = await api(`/api/admin/credits/accounts/${encodeURIComponent(account())}?limit=50`);
    $('account-available').textContent = a.balance.available;
    $('account-held').textContent = a.balance.held;
    fill($('ledger'), a.entries.map((e) => row([when(e.createdAt), e.kind, signed(e.availableDelta), signed(e.heldDelta), e.reason || '', when(e.expiresAt)])), 'No entries yet.');
    $('account-view').hidden = false;
  }

  function grant(event) {
    event.preventDefault();
    const expires = $('grant-expires').value;
    const body = { account: account(), amount: Number($('grant-amount').value) };
    if (expires) body.expiresAt = new Date(expires).toISOString();
    if ($('grant-reason').value.trim()) body.reason = $('grant-reason').value.trim();
    act(() => api('/api/admin/credits/grants', json(body)), `${body.amount} credits granted to ${body.account}.`, loadAccount);
  }

  function adjust(event) {
    event.preventDefault();
    const body = { account: account(), amount: Number($('adjust-amount').value), reason: $('adjust-reason').value.trim() };
    act(() => api('/api/admin/credits/adjustments', json(body)), `${body.account}'s balance adjusted by ${body.amount}.`, loadAccount);
  }

  async function loadWebhooks() {
    const { endpoints } = await api('/api/admin/webhooks/endpoints');
    fill($('webhooks'), endpoints.map((e) => {
      const actions = el('td');
      const button = (text, label, work) => {
        const b = el('button', text, { type: 'button' });
        b.setAttribute('aria-label', `${label} ${e.url}`);
        b.addEventListener('click', work);
        actions.append(b, ' ');
      };
      button('Test', 'Send a test event to', () => act(() => api(`/api/admin/webhooks/endpoints/${e.id}/test`, json({})),
        `A test event is on its way to ${e.url}.`, () => (shownEndpoint === e.id ? loadDeliveries(e) : null)));
      button('Deliveries', 'Show the deliveries to', () => act(() => loadDeliveries(e)));
      button('Rotate secret', 'Give a new secret to', () => act(async () => {
        const rotated = await api(`/api/admin/webhooks/endpoints/${e.id}/rotate-secret`, { method: 'POST' });
        showSecret(rotated);
      }, `${e.url} has a new secret; the old one signs beside it for 24 hours.`, loadWebhooks));
      button(e.enabled ? 'Disable' : 'Enable', e.enabled ? 'Disable' : 'Enable', () => act(
        () => api(`/api/admin/webhooks/endpoints/${e.id}`, json({ enabled: !e.enabled }, 'PATCH')),
        `${e.url} is ${e.enabled ? 'disabled' : 'enabled'}.`, loadWebhooks));
      button('Delete', 'Delete the endpoint', () => act(() => api(`/api/admin/webhooks/endpoints/${e.id}`, { method: 'DELETE' }),
        `${e.url} was removed.`, loadWebhooks));
      const state = e.enabled ? (e.failingSince ? `Enabled, failing since ${when(e.failingSince)}` : 'Enabled')
        : `Disabled since ${when(e.disabledAt)}: ${e.disabledReason}`;
      return row([e.url, e.events.join(', '), state], actions);
    }), 'No endpoint yet.');
  }

  /** The secret of an endpoint just made or rotated: shown once. */
  function showSecret(endpoint) {
    $('webhook-secret-of').textContent = endpoint.url;
    $('webhook-secret').textContent = endpoint.secret;
    $('webhook-secret-view').hidden = false;
  }

  function addWebhook(event) {
    event.preventDefault();
    const body = { url: $('webhook-url').value.trim(), events: EVENTS.filter((name) => $(`event-${name}`).checked) };
    if ($('webhook-description').value.trim()) body.description = $('webhook-description').value.trim();
    act(async () => showSecret(await api('/api/admin/webhooks/endpoints', json(body))), `${body.url} will hear of ${body.events.join(', ')}.`,
      loadWebhooks);
  }

  /** One endpoint's deliveries, newest first, each with its attempts and a replay. */
  async function loadDeliveries(endpoint) {
    shownEndpoint = endpoint.id;
    const page = await api(`/api/admin/webhooks/endpoints/${endpoint.id}/deliveries?limit=50`);
    $('deliveries-title').textContent = `Deliveries to ${endpoint.url}`;
    fill($('deliveries'), page.deliveries.map((d) => {
      const attempts = d.attempts.map((a) => `${when(a.at)}: ${a.status ?? 'no answer'} in ${a.latencyMillis} ms${a.answer ? ` (${a.answer.slice(0, 80)})` : ''}`);
      const replay = el('button', 'Replay', { type: 'button' });
      replay.setAttribute('aria-label', `Send message ${d.messageId} again`);
      replay.addEventListener('click', () => act(() => api(`/api/admin/webhooks/endpoints/${endpoint.id}/deliveries/${d.messageId}/replay`,
        { method: 'POST' }), `Message ${d.messageId} is on its way again.`, () => loadDeliveries(endpoint)));
      const actions = el('td');
      actions.append(replay);
      const state = d.state === 'pending' && d.nextAttemptAt ? `pending, next ${when(d.nextAttemptAt)}` : d.state;
      return row([d.messageId, d.type, when(d.createdAt), state, attempts.join('; ') || 'none yet'], actions);
    }), 'Nothing was sent to this endpoint yet.');
    $('deliveries-view').hidden = false;
    $('replay-form').onsubmit = (event) => {
      event.preventDefault();
      act(async () => {
        const { replayed } = await api(`/api/admin/webhooks/endpoints/${endpoint.id}/replay`,
          json({ since: new Date($('replay-since').value).toISOString() }));
        say(`${replayed} failed messages are on their way again.`, true);
      }, null, () => loadDeliveries(endpoint));
    };
  }

  async function loadStats() {
    try {
      const ranking = await api(`/api/admin/analytics/videos?days=${$('stats-days').value}&limit=20`);
      $('stats-note').textContent = `From ${ranking.from} to ${ranking.to}, most played first.`;
      fill($('stats'), ranking.videos.map((v) => {
        const days = el('button', 'By day', { type: 'button' });
        days.setAttribute('aria-label', `Playback of video ${v.videoId} day by day`);
        days.addEventListener('click', () => act(() => videoDays(v.videoId)));
        const actions = el('td');
        actions.append(days);
        return row([v.videoId, v.owner, ...figures(v.figures)], actions);
      }), 'No video was played.');
    } catch (e) {
      $('stats-note').textContent = e.message; // analytics switched off says so
      $('stats').replaceChildren();
    }
  }

  const figures = (f) => [f.plays, f.uniqueViewers, f.watchSeconds, `${Math.round(f.completionRate * 100)} %`, f.errors];

  /** One video's figures day by day over the chosen span. */
  async function videoDays(video) {
    const stats = await api(`/api/admin/analytics/videos/${video}?days=${$('stats-days').value}`);
    $('video-days-title').textContent = `Video ${video} by day`;
    fill($('video-days'), stats.days.map((d) => row([d.day, ...figures(d.figures)])), 'No plays in this span.');
    $('video-days-view').hidden = false;
  }

  /** The trail's filters as query parameters; the times the admin picked, in their own zone, as instants. */
  function auditFilter() {
    const query = new URLSearchParams();
    for (const name of ['actor', 'action', 'target']) {
      const value = $(`audit-${name}`).value.trim();
      if (value) query.set(name, value);
    }
    for (const name of ['from', 'to']) {
      const value = $(`audit-${name}`).value;
      if (value) query.set(name, new Date(value).toISOString());
    }
    return query;
  }

  /** A page of the trail: the first (replacing what is shown) or the next older one (added below it). */
  async function loadAudit(older) {
    const query = auditFilter();
    query.set('limit', '50');
    if (older && auditNext) query.set('before', auditNext);
    const page = await api(`/api/admin/audit?${query}`);
    const rows = page.entries.map((e) => row([when(e.at), e.actor, e.action, e.target, changes(e.before, e.after), e.requestId]));
    if (older) $('audit').append(...rows);
    else fill($('audit'), rows, 'No admin action matches.');
    auditNext = page.next ?? null;
    $('audit-more').hidden = auditNext === null;
  }

  /** What an entry changed, field by field ("balance.available: 100 → 150"); a made or removed target shows whole. */
  function changes(before, after) {
    const flat = (value, prefix = '', into = {}) => {
      for (const [key, v] of Object.entries(value || {})) {
        if (v && typeof v === 'object' && !Array.isArray(v)) flat(v, `${prefix}${key}.`, into);
        else into[`${prefix}${key}`] = Array.isArray(v) ? v.join(', ') : String(v);
      }
      return into;
    };
    const was = flat(before);
    const is = flat(after);
    if (!before || !after) {
      const whole = before ? was : is;
      return `${before ? 'removed' : 'made'}: ${Object.entries(whole).map(([k, v]) => `${k} ${v}`).join('; ')}`.slice(0, 400);
    }
    return [...new Set([...Object.keys(was), ...Object.keys(is)])].filter((k) => was[k] !== is[k])
      .map((k) => (k in was ? `${k}: ${was[k]} → ${is[k] ?? '–'}` : `${k} ${is[k]}`)).join('; ');
  }

  /** The filtered trail as a CSV file, fetched with the admin's token and handed to the browser to save. */
  async function exportAudit() {
    const response = await api(`/api/admin/audit/export?${auditFilter()}`, { raw: true });
    const link = el('a', null, { href: URL.createObjectURL(await response.blob()), download: 'lokiz-audit.csv' });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 10000);
  }

  document.addEventListener('DOMContentLoaded', () => {
    $('job-search-form').addEventListener('submit', (e) => { e.preventDefault(); act(() => searchJobs(false)); });
    $('job-search-more').addEventListener('click', () => act(() => searchJobs(true)));
    $('job-search-retry').addEventListener('click', () => act(retryFound, null, () => searchJobs(false)));
    $('audit-form').addEventListener('submit', (e) => { e.preventDefault(); act(() => loadAudit(false)); });
    $('audit-more').addEventListener('click', () => act(() => loadAudit(true)));
    $('audit-export').addEventListener('click', () => act(exportAudit, 'The trail is saved as lokiz-audit.csv.'));
    $('queue-refresh').addEventListener('click', () => act(refreshQueue));
    $('prices-form').addEventListener('submit', savePrices);
    $('label-form').addEventListener('submit', saveLabel);
    $('account-form').addEventListener('submit', (e) => { e.preventDefault(); act(loadAccount); });
    $('grant-form').addEventListener('submit', grant);
    $('adjust-form').addEventListener('submit', adjust);
    $('stats-form').addEventListener('submit', (e) => { e.preventDefault(); act(loadStats); });
    $('webhook-events').append(...EVENTS.map((name) => {
      const label = el('label');
      label.append(el('input', null, { type: 'checkbox', id: `event-${name}`, checked: name.startsWith('job.') }), ` ${name}`);
      return label;
    }));
    $('webhook-form').addEventListener('submit', addWebhook);
    window.Lokiz.session({ show, page: $('console'), admin: true });
  });
})();
