'use strict';
// The studio: plain DOM and fetch, no build step. The tab (sessionStorage) keeps the job being
// watched, the chosen image and the videos uploaded here, so a reload loses none of them.
(() => {
  const { $, store, STATES, ENDED, words, api, upload, json, say, el, row, fill, when } = window.Lokiz;
  const FORMS = { preview: 'video_preview', template: 'i2v_template', glitch_animate: 'glitch_animate',
    glitch_replace: 'glitch_replace', music: 'music' };
  let prices = {};
  let imageId = null;
  let source = null; // the uploaded video shown in the frame picker
  let events = null;

  async function show() {
    await Promise.all([restoreImage(), refreshBalance(), loadPrices(), loadTemplates(), refreshJobs()]);
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
    $('prices').replaceChildren(...Object.entries(prices).map(([type, credits]) => el('li', `${words(type)}: ${credits} credits`)));
    showPrice();
  }

  function chosen() {
    return document.querySelector('input[name="kind"]:checked').value;
  }

  /** Shows the chosen job's form, its price, and whether it has what it needs. */
  function showPrice() {
    const kind = chosen();
    for (const form of document.querySelectorAll('.job-form')) form.hidden = form.dataset.kind !== kind.replace(/_(animate|replace)$/, '');
    $('price').textContent = prices[FORMS[kind]] ?? '?';
    const reason = missing(kind);
    $('generate').disabled = reason !== null;
    $('needs').textContent = reason || '';
  }

  /** What the job still lacks, in words (empty when there are none to say), or null when it has everything. */
  function missing(kind) {
    if (kind.startsWith('glitch') && !$('glitch-video').value) return 'Upload a video to use as the template first.';
    if (kind !== 'music' && !imageId) return 'Choose an image or capture a frame first.';
    if (kind === 'template' && !$('template').value) return ''; // the catalogue is still loading
    return null;
  }

  async function loadTemplates() {
    const templates = await api('/v1/ai/templates');
    $('template').replaceChildren(...templates.map((t) => el('option', t.name, { value: t.id, title: t.default_prompt })));
    showPrice();
  }

  async function refreshJobs() {
    const page = await api('/v1/ai/jobs?limit=10');
    fill($('jobs'), page.jobs.map((job) => {
      const actions = el('td');
      if (!ENDED.includes(job.status)) {
        const cancel = el('button', 'Cancel', { type: 'button' });
        cancel.setAttribute('aria-label', `Cancel the ${words(job.job_type)} job`);
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
      const video = job.status === 'completed' && job.output_data && job.output_data.video_id;
      if (video) {
        actions.append(reuse('Glitch it', `Use the ${words(job.job_type)} video as a glitch template`, 'glitch_animate', 'glitch-video', video),
          reuse('Add music', `Lay music under the ${words(job.job_type)} video`, 'music', 'music-video', video));
      }
      return row([when(job.created_at), words(job.job_type), STATES[job.status] || job.status,
        String(job.credits_used || job.credits_reserved), job.error || ''], actions);
    }), 'No jobs yet.');
    videoChoices(page.jobs);
  }

  /** A button that opens a job's form with this finished video already chosen in it (the plan's "glitch" on a video). */
  function reuse(text, label, kind, select, video) {
    const button = el('button', text, { type: 'button' });
    button.setAttribute('aria-label', label);
    button.addEventListener('click', () => {
      document.querySelector(`input[name="kind"][value="${kind}"]`).checked = true;
      $(select).value = video;
      showPrice();
      $('job-title').scrollIntoView();
      document.querySelector(`input[name="kind"][value="${kind}"]`).focus();
    });
    return button;
  }

  /** The videos a glitch or a soundtrack can use: uploaded in this tab, and finished ones. */
  function videoChoices(jobs) {
    const uploaded = JSON.parse(store.getItem('lokiz.videos') || '[]');
    const finished = jobs.filter((j) => j.status === 'completed' && j.output_data && j.output_data.video_id)
      .map((j) => ({ id: j.output_data.video_id, label: `${words(j.job_type)} of ${when(j.created_at)}` }));
    const fill = (select, list, none) => {
      const keep = select.value;
      select.replaceChildren(...(none ? [el('option', none, { value: '' })] : []), ...list.map((v) => el('option', v.label, { value: v.id })));
      if ([...select.options].some((o) => o.value === keep)) select.value = keep;
    };
    fill($('glitch-video'), [...uploaded, ...finished], null);
    fill($('music-video'), finished, 'No video: just the track');
    showPrice();
  }

  async function uploadImage(file) {
    say('');
    if (!file) return;
    imageId = null;
    showPicture(URL.createObjectURL(file));
    showPrice();
    try {
      const image = await upload('/api/images', file);
      useImage(image.id, image.url);
      say('Image ready.', true);
    } catch (e) { say(e.message); }
    showPrice();
  }

  /** After a reload, the image chosen before, with a fresh URL; one gone since is forgotten. */
  async function restoreImage() {
    const kept = JSON.parse(store.getItem('lokiz.image') || 'null');
    if (!kept) return;
    try {
      const image = await api(`/api/images/${kept.id}`);
      useImage(image.id, image.url);
    } catch (gone) {
      store.removeItem('lokiz.image');
    }
    showPrice();
  }

  /** The image jobs start from, remembered by the tab so that a reload keeps it. */
  function useImage(id, url) {
    imageId = id;
    $('preview').dataset.imageId = id;
    store.setItem('lokiz.image', JSON.stringify({ id, url }));
    showPicture(url);
  }

  function showPicture(url) {
    $('preview').src = url;
    $('preview').hidden = false;
  }

  async function uploadVideo(file) {
    say('');
    if (!file) return;
    say('Uploading the video…', true);
    try {
      source = await upload('/api/videos', file);
      const uploaded = JSON.parse(store.getItem('lokiz.videos') || '[]').filter((v) => v.id !== source.id);
      uploaded.unshift({ id: source.id, label: `${file.name} (${source.duration} s)` });
      store.setItem('lokiz.videos', JSON.stringify(uploaded.slice(0, 10)));
      const player = $('source-player');
      player.src = source.url;
      player.poster = source.posterUrl || '';
      const scrubber = $('scrubber');
      scrubber.max = String(source.duration);
      scrubber.value = '0';
      $('scrubber-at').textContent = '0.00';
      $('source').hidden = false;
      refreshJobs();
      $('glitch-video').value = source.id;
      showPrice();
      say('Video ready: pick a frame to animate, or use it as a glitch template.', true);
    } catch (e) { say(e.message); }
  }

  /** The scrubber moves the picker's video to the frame it names. */
  function scrub() {
    const at = Number($('scrubber').value);
    $('scrubber-at').textContent = at.toFixed(2);
    $('source-player').currentTime = at;
  }

  async function capture() {
    say('');
    const timestamp = Math.round(Number($('scrubber').value) * 100) / 100;
    try {
      const frame = await api('/v1/ai/capture-frame', json({ video_id: source.id, timestamp }));
      useImage(frame.image_id, frame.image_url);
      say(`Frame at ${timestamp.toFixed(2)} s captured: it is now your image.`, true);
    } catch (e) { say(e.message); }
    showPrice();
  }

  /** What the chosen job sends, and where. */
  function request() {
    const kind = chosen();
    if (kind === 'preview') {
      return ['/v1/ai/preview', { image_id: imageId, settings: { duration: Number($('duration').value),
        resolution: $('resolution').value, fps: Number($('fps').value), format: $('format').value,
        enableHLS: $('hls').checked, enableBranding: $('branding').checked } }];
    }
    if (kind === 'template') {
      const prompt = $('template-prompt').value.trim();
      return ['/v1/ai/template', Object.assign({ image_id: imageId, template: $('template').value,
        duration: Number($('template-duration').value) }, prompt ? { prompt } : {})];
    }
    if (kind === 'music') {
      const video = $('music-video').value;
      return ['/v1/ai/music', Object.assign({ prompt: $('music-prompt').value.trim(), duration: Number($('music-duration').value) },
        video ? { video_id: video } : {})];
    }
    const prompt = $('glitch-prompt').value.trim();
    return [`/v1/ai/glitch/${kind.replace('glitch_', '')}`, Object.assign({ template_video_id: $('glitch-video').value,
      user_image_id: imageId }, prompt ? { prompt } : {})];
  }

  async function submit(event) {
    event.preventDefault();
    say('');
    const [path, body] = request();
    try {
      const accepted = await api(path, json(body));
      const id = accepted.job_id;
      store.setItem('lokiz.job', id);
      follow(id);
      refreshBalance();
      refreshJobs();
    } catch (e) { say(e.message); }
  }

  /** Follows a job's progress over SSE (EventSource cannot send a header: a ticket opens this one stream). */
  async function follow(jobId) {
    if (events) events.close();
    $('progress-section').hidden = false;
    $('result').hidden = true;
    $('state').textContent = 'Sent';
    $('progress').value = 0;
    try {
      const ticket = await api(`/v1/ai/jobs/${jobId}/ticket`, { method: 'POST' });
      events = new EventSource(ticket.events_url);
      events.addEventListener('status', (e) => showJob(JSON.parse(e.data)));
      events.onerror = () => { if (events && events.readyState === EventSource.CLOSED) events = null; };
    } catch (e) {
      if (e.status === 404) store.removeItem('lokiz.job'); else say(e.message);
    }
  }

  function showJob(job) {
    $('state').textContent = `${STATES[job.status] || job.status} — ${job.progress} %`;
    $('progress').value = job.progress;
    if (job.status === 'failed' || job.status === 'canceled') {
      say(job.error || `The job was ${job.status}; its credits were returned.`);
      finish();
    }
    if (job.status === 'completed') {
      play(made(job));
      finish();
    }
  }

  /** What a finished job made: previews answer in the spec's shape, the plan's jobs in theirs. */
  function made(job) {
    if (job.result) {
      const u = job.result.urls;
      return { jobId: job.id, videoId: job.result.videoId, mp4: u.mp4, hls: u.hls, thumbnail: u.thumbnail };
    }
    const o = job.output_data || {};
    return { jobId: job.id, videoId: o.video_id, mp4: o.video_url, hls: o.hls_url, thumbnail: o.thumbnail_url, audio: o.audio_url };
  }

  function finish() {
    store.removeItem('lokiz.job');
    if (events) { events.close(); events = null; }
    refreshBalance();
    refreshJobs();
  }

  function play(output) {
    reportWatched(); // the last video's seconds, before the player changes video
    watching.last = null;
    const player = $('player');
    player.hidden = !output.mp4;
    $('track').hidden = !output.audio;
    $('download').hidden = !output.mp4;
    $('thumbnail-link').hidden = !output.thumbnail;
    if (output.audio) $('track').src = output.audio;
    if (output.mp4) {
      player.dataset.videoId = output.videoId;
      player.poster = output.thumbnail || '';
      $('thumbnail-link').href = output.thumbnail || '';
      $('download').href = output.mp4;
      if (output.hls && window.Hls && window.Hls.isSupported()) {
        // No rendition larger than the player shows, and the first one chosen from hls.js's default bandwidth
        // estimate (startLevel -1): the start is a small rendition, and the ladder climbs once segments have come.
        const hls = new window.Hls({ capLevelToPlayerSize: true, startLevel: -1 });
        hls.loadSource(output.hls);
        hls.attachMedia(player);
      } else {
        player.src = output.mp4;
      }
    }
    $('result').hidden = false;
    showCredentials(output.jobId);
  }

  /** The "Made with AI" badge under the player: what the content credentials signed into the files say. */
  async function showCredentials(jobId) {
    const box = $('credentials');
    box.hidden = true;
    if (!jobId) return;
    let signed;
    try {
      signed = await api(`/v1/ai/jobs/${jobId}/provenance`);
    } catch (e) {
      return; // made before signing began: nothing to show, and nothing wrong
    }
    const m = signed.video || signed.track;
    if (!m) return;
    const facts = $('credentials-facts');
    facts.replaceChildren();
    const add = (term, value) => { if (value) facts.append(el('dt', term), el('dd', value)); };
    add('What it is', m.digital_source_type.endsWith('/compositeWithTrainedAlgorithmicMedia')
      ? 'Generated by AI, with brand parts or music added' : 'Generated by AI');
    add('Made by', `${m.model} (${m.provider})`);
    add('Software', m.generator);
    add('Made from', m.input_sha256 && `${m.input_format}, SHA-256 ${m.input_sha256.slice(0, 12)}…`);
    add('Signed by', (/CN=([^,]+)/.exec(m.signer) || [null, m.signer])[1]);
    add('Signed at', new Date(m.signed_at).toLocaleString());
    box.hidden = false;
  }

  /**
   * Playback is reported for the admin's statistics: a play, the seconds watched (sent when the
   * player pauses or ends, or the page goes), and a completion. Where analytics is off the server
   * says so and nothing else happens.
   */
  function report(type, seconds) {
    const video = $('player').dataset.videoId;
    if (!video) return;
    let viewer = store.getItem('lokiz.viewer');
    if (!viewer) { viewer = crypto.randomUUID(); store.setItem('lokiz.viewer', viewer); }
    const body = Object.assign({ type, viewerId: viewer }, seconds ? { seconds } : {});
    api(`/api/video/${video}/events`, Object.assign(json(body), { keepalive: true })).catch(() => {});
  }

  /** Seconds actually watched since the last report: played forward, seeks not counted. */
  const watching = { seconds: 0, last: null };

  function watched() {
    const t = $('player').currentTime;
    if (watching.last !== null && t > watching.last && t - watching.last < 1.5) watching.seconds += t - watching.last;
    watching.last = t;
  }

  function reportWatched() {
    if (watching.seconds >= 0.1) report('progress', Math.round(watching.seconds * 10) / 10);
    watching.seconds = 0;
  }

  document.addEventListener('DOMContentLoaded', () => {
    $('file').addEventListener('change', () => uploadImage($('file').files[0]));
    const drop = $('drop'); // a target for the mouse; the file input inside is the keyboard's way in
    drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('over'); });
    drop.addEventListener('dragleave', () => drop.classList.remove('over'));
    drop.addEventListener('drop', (e) => { e.preventDefault(); drop.classList.remove('over'); uploadImage(e.dataTransfer.files[0]); });
    $('video-file').addEventListener('change', () => uploadVideo($('video-file').files[0]));
    $('scrubber').addEventListener('input', scrub);
    $('capture').addEventListener('click', capture);
    for (const radio of document.querySelectorAll('input[name="kind"]')) radio.addEventListener('change', showPrice);
    for (const select of [$('glitch-video'), $('template')]) select.addEventListener('change', showPrice);
    $('job-form').addEventListener('submit', submit);
    const player = $('player');
    player.addEventListener('play', () => report('play'));
    player.addEventListener('timeupdate', watched);
    player.addEventListener('seeking', () => { watching.last = null; });
    player.addEventListener('pause', reportWatched);
    player.addEventListener('ended', () => { reportWatched(); report('complete'); });
    window.addEventListener('pagehide', reportWatched);
    window.Lokiz.session({ show, page: $('studio') });
  });
})();
