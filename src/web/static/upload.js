// Upload with progress: the files go up with XMLHttpRequest (upload progress), then the ingest
// job is polled until it is done. Without JavaScript the form posts normally.
(function () {
  'use strict';
  var STATUS = { vantar: 'Väntar', pagar: 'Läser in', klar: 'Klart', fel: 'Misslyckades' };

  function text(el, s) { if (el) el.textContent = s; }

  function renderResult(box, job) {
    box.textContent = '';
    if (job.status === 'fel') {
      var err = document.createElement('div');
      err.className = 'flash flash-fel';
      err.setAttribute('role', 'alert');
      err.textContent = job.error || 'Inläsningen misslyckades.';
      box.appendChild(err);
      return;
    }
    var r = job.result;
    if (!r) return;
    var ul = document.createElement('ul');
    var lines = job.kind === 'ingest' && r.notes
      ? ['Inlästa filer: ' + r.imported,
         'Anteckningar: ' + r.notes.godkand + ' godkända, ' + r.notes.utkast + ' utkast, ' + r.notes.aterkallad + ' återkallade',
         'Textavsnitt: ' + r.passages]
      : ['Klart: ' + (r.passages || 0) + ' textavsnitt'];
    lines.forEach(function (l) { var li = document.createElement('li'); li.textContent = l; ul.appendChild(li); });
    box.appendChild(ul);
    if (r.errors && r.errors.length) {
      var h = document.createElement('h3');
      h.textContent = 'Avvisade filer';
      box.appendChild(h);
      var el = document.createElement('ul');
      r.errors.forEach(function (e) { var li = document.createElement('li'); li.textContent = e.file + ': ' + e.message; el.appendChild(li); });
      box.appendChild(el);
    }
  }

  function poll(id, bar, status, box) {
    fetch('/api/jobs/' + encodeURIComponent(id), { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (res) { return res.json().then(function (body) { return { ok: res.ok, body: body }; }); })
      .then(function (r) {
        if (!r.ok) { text(status, r.body.error || 'Kunde inte läsa förloppet.'); return; }
        var job = r.body;
        if (bar) { bar.max = job.total || 1; bar.value = job.status === 'klar' ? (job.total || 1) : job.done; }
        text(status, STATUS[job.status] + (job.total ? ': ' + job.done + ' av ' + job.total + ' filer' : '') + (job.current && job.status === 'pagar' ? ' (' + job.current + ')' : ''));
        if (job.status === 'klar' || job.status === 'fel') renderResult(box, job);
        else setTimeout(function () { poll(id, bar, status, box); }, 500);
      })
      .catch(function () { setTimeout(function () { poll(id, bar, status, box); }, 1500); });
  }

  var form = document.getElementById('upload-form');
  if (form) {
    form.addEventListener('submit', function (ev) {
      var input = document.getElementById('f-filer');
      if (!input.files || !input.files.length) return; // let the browser say the field is required
      ev.preventDefault();
      var section = document.getElementById('upload-progress');
      var status = document.getElementById('upload-status');
      var upBar = document.getElementById('upload-bar');
      var inBar = document.getElementById('ingest-bar');
      var box = document.getElementById('upload-result');
      section.hidden = false;
      box.textContent = '';
      upBar.value = 0;
      inBar.value = 0;
      var data = new FormData();
      for (var i = 0; i < input.files.length; i++) data.append('filer', input.files[i]);
      var xhr = new XMLHttpRequest();
      xhr.open('POST', '/api/ingest');
      xhr.setRequestHeader('Accept', 'application/json');
      xhr.upload.onprogress = function (e) {
        if (e.lengthComputable) {
          var p = Math.round((100 * e.loaded) / e.total);
          upBar.value = p;
          upBar.textContent = p + ' %';
          text(status, 'Laddar upp: ' + p + ' %');
        }
      };
      xhr.onload = function () {
        var body;
        try { body = JSON.parse(xhr.responseText); } catch (e) { body = { error: 'Oväntat svar från servern.' }; }
        if (xhr.status === 202) {
          upBar.value = 100;
          text(status, 'Uppladdat. Läser in …');
          poll(body.id, inBar, status, box);
        } else {
          text(status, 'Uppladdningen misslyckades: ' + (body.error || xhr.status));
          if (body.detaljer && body.detaljer.filer) renderResult(box, { status: 'fel', error: body.error + ': ' + body.detaljer.filer.join(', ') });
        }
      };
      xhr.onerror = function () { text(status, 'Uppladdningen misslyckades: ingen kontakt med servern.'); };
      xhr.send(data);
      text(status, 'Laddar upp …');
    });
  }

  // The job page: follow the job until it is done.
  var jobEl = document.getElementById('jobb');
  if (jobEl && !form) {
    poll(jobEl.getAttribute('data-job'), document.getElementById('jobb-progress'), document.getElementById('jobb-status'), document.getElementById('jobb-resultat'));
  }
})();
