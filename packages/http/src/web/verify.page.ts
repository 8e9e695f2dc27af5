import { html } from './html.js';
import { layout } from './layout.js';

// Runs in the browser: reads what the employer gives, asks POST /verify/check, shows the verdict.
const SCRIPT = `
const LABELS = { structure: 'Well-formed credential', signature: 'Signature', issuer: 'Issuer and signing key',
  validity: 'Validity window', status: 'Status (revoked or suspended?)' };
const result = document.getElementById('result');
const text = document.getElementById('credential-json');
const file = document.getElementById('credential-file');
const el = (tag, props = {}, ...children) => { const e = Object.assign(document.createElement(tag), props); e.append(...children); return e; };

function show(report, problem) {
  result.replaceChildren();
  if (problem) {
    result.append(el('p', { className: 'verdict fail', textContent: 'Could not check this: ' + problem }));
    result.focus();
    return;
  }
  result.append(el('p', { className: 'verdict ' + (report.verified ? 'ok' : 'fail'), textContent:
    report.verified ? 'Verified: this credential is genuine and in force.' : 'Not verified: ' +
    (report.checks.find((c) => !c.ok)?.message ?? 'a check failed.') }));
  const list = el('ul', { className: 'checks' });
  for (const c of report.checks) {
    list.append(el('li', { className: c.ok ? 'check-ok' : 'check-fail' }, el('strong', { textContent: (LABELS[c.check] ?? c.check) + ': ' }), c.message));
  }
  result.append(el('h2', { textContent: 'Checks' }), list);
  const s = report.summary;
  if (s) {
    result.append(el('h2', { textContent: 'What it stands for' }));
    const facts = el('dl', { className: 'facts' });
    const fact = (k, v) => { if (v) facts.append(el('dt', { textContent: k }), el('dd', { textContent: v })); };
    fact('Credential', s.name); fact('Issuer', s.issuer); fact('Framework', s.framework);
    fact('Valid from', s.validFrom); fact('Valid until', s.validUntil ?? 'no expiry'); fact('Read from', s.source);
    result.append(facts);
    if (s.statements.length > 0) {
      const ol = el('ol', { className: 'statements' });
      for (const st of s.statements) ol.append(el('li', {}, el('span', { className: 'code', textContent: st.code + ' ' }), st.text));
      result.append(el('h2', { textContent: 'Framework statements (' + s.statements.length + ')' }), ol);
    }
  }
  result.focus();
}

async function check(body, contentType) {
  result.replaceChildren(el('p', { textContent: 'Checking…' }));
  try {
    const response = await fetch('/verify/check', { method: 'POST', headers: { 'content-type': contentType }, body });
    const data = await response.json();
    if (data.checks) show(data); else show(null, data.detail ?? 'the server could not read it');
  } catch (error) { show(null, 'the check could not be completed (' + error.message + ')'); }
}

document.getElementById('paste-form').addEventListener('submit', (event) => {
  event.preventDefault();
  try { JSON.parse(text.value); } catch { show(null, 'what was pasted is not JSON'); return; }
  check(text.value, 'application/json');
});
file.addEventListener('change', async () => {
  const f = file.files[0];
  if (!f) return;
  const name = f.name.toLowerCase();
  if (name.endsWith('.png') || f.type === 'image/png') return check(await f.arrayBuffer(), 'image/png');
  if (name.endsWith('.svg') || f.type === 'image/svg+xml') return check(await f.text(), 'image/svg+xml');
  return check(await f.text(), 'application/json');
});

const params = new URLSearchParams(location.search);
const target = params.get('id') ? '/credentials/' + encodeURIComponent(params.get('id')) : params.get('url');
if (target) {
  const url = new URL(target, location.origin);
  if (url.origin !== location.origin) show(null, 'only credentials published by this service can be opened by link; download it and upload the file instead');
  else fetch(url).then((r) => (r.ok ? r.text() : Promise.reject(new Error('no such credential')))).then((t) => check(t, 'application/json'), (e) => show(null, e.message));
}
`;

/** /verify: paste, upload (JSON or a baked PNG/SVG) or open by link; each check in plain words. */
export function verifyPage(): string {
  const body = html` <h1>Verify a credential</h1>
    <p>
      Check an Open Badges credential: that it was signed by its issuer, has not been changed, revoked or suspended, and
      is within its validity dates.
    </p>
    <div class="card">
      <form id="paste-form">
        <label for="credential-json"><strong>Paste the credential JSON</strong></label>
        <textarea
          id="credential-json"
          name="credential"
          spellcheck="false"
          placeholder='{"@context": [...], "type": ["VerifiableCredential", "OpenBadgeCredential"], ...}'
        ></textarea>
        <p><button class="primary" type="submit">Verify</button></p>
      </form>
      <p>
        <label for="credential-file"><strong>Or upload a file</strong></label>
        <span class="muted">(.json, or a badge image .png / .svg with the credential baked in)</span>
      </p>
      <input id="credential-file" type="file" accept=".json,.png,.svg,application/json,image/png,image/svg+xml" />
    </div>
    <section id="result" class="card" tabindex="-1" aria-live="polite" aria-label="Verification result"></section>`;
  return layout({ title: 'Verify a credential', body, script: SCRIPT });
}
