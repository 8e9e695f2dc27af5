import { describeVerification } from '../verification-view.js';

/**
 * /assets/verify.js: reads what the employer gives (a link, a dropped, pasted or uploaded file),
 * asks POST /verify/check and shows the verdict first. It builds the page with DOM calls only
 * (text, never markup, from the result) and runs under a CSP that allows no inline script.
 */
export const VERIFY_JS = `
const describeVerification = ${describeVerification.toString()};

const publicUrl = document.getElementById('verify').dataset.publicUrl;
const result = document.getElementById('result');
const text = document.getElementById('credential-json');
const file = document.getElementById('credential-file');
const urlField = document.getElementById('credential-url');
const dropZone = document.getElementById('drop-zone');
const el = (tag, props = {}, ...children) => {
  const e = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key.startsWith('data-') || key.startsWith('aria-') || key === 'role') e.setAttribute(key, value);
    else e[key] = value;
  }
  e.append(...children.filter((c) => c !== undefined && c !== null));
  return e;
};
const timeOf = (iso) => {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString('en-GB', { dateStyle: 'long', timeStyle: 'long', timeZone: 'UTC' });
};

function reveal() {
  result.hidden = false;
  result.focus();
}

function showProblem(detail) {
  result.replaceChildren(
    el('div', { className: 'verdict bad', role: 'alert' },
      el('p', { className: 'headline', textContent: 'Could not check this' }),
      el('p', { textContent: detail })),
  );
  result.dataset.state = 'refused';
  reveal();
}

function issuerBlock(report) {
  const profile = report.issuerProfile;
  if (profile && profile.recognised === true) {
    const link = el('a', { href: profile.page, textContent: profile.name });
    return el('div', { className: 'issuer', 'data-testid': 'issuer' },
      profile.image ? el('img', { src: profile.image, alt: '' }) : undefined,
      el('div', {},
        el('div', {}, el('strong', { textContent: 'Issued by ' }), link),
        el('div', { className: 'mark recognised', textContent: '\\u2713 Recognised issuer of this service' }),
        el('div', { className: 'code', textContent: profile.id })));
  }
  if (!report.issuer) return undefined;
  // Unsigned content proves nothing about who issued it, not even that it was someone else.
  const signed = report.checks.some((c) => c.check === 'signature' && c.ok);
  // A foreign issuer is named by its DID only: its name is whatever it wrote about itself.
  return el('div', { className: 'issuer', 'data-testid': 'issuer' },
    el('div', {},
      el('div', {}, el('strong', { textContent: signed ? 'Issuer: ' : 'Issuer, as the document states it: ' }),
        el('span', { className: 'code', textContent: report.issuer })),
      el('div', { className: 'mark foreign', textContent: signed
        ? 'Not an issuer of this service: its name and claims are its own'
        : 'Not confirmed: the signature did not verify' })));
}

function emailCheck(identity) {
  if (!identity || !identity.hashed || identity.identityType !== 'emailAddress') return undefined;
  const match = /^sha256\\$([0-9a-f]{64})$/i.exec(identity.identityHash || '');
  if (!match) return undefined;
  const expected = match[1].toLowerCase();
  const input = el('input', { type: 'email', id: 'recipient-email', name: 'email', autocomplete: 'off', required: true });
  const answer = el('p', { id: 'email-answer', role: 'status' });
  const form = el('form', { className: 'email-check' },
    el('label', { htmlFor: 'recipient-email' }, el('strong', { textContent: "Check the recipient's e-mail address" })),
    el('p', { className: 'muted', textContent: 'Checked in this browser against the salted hash in the credential: the address is not sent anywhere.' }),
    el('div', { className: 'actions' }, input, el('button', { type: 'submit', textContent: 'Check e-mail' })),
    answer);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const address = input.value.trim().toLowerCase();
    if (address === '') return;
    const bytes = new TextEncoder().encode(address + (identity.salt || ''));
    // Web Crypto exists only in a secure context (https, or localhost): a public deployment is served over https.
    if (!(globalThis.crypto && crypto.subtle)) {
      answer.className = 'mark foreign';
      answer.textContent = 'This check needs the page to be opened over https.';
      return;
    }
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
    const hex = Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
    const same = hex === expected;
    answer.className = same ? 'mark recognised' : 'mark foreign';
    answer.textContent = same
      ? '\\u2713 Matches: this credential was issued to ' + address + '.'
      : '\\u2717 Does not match: this credential was not issued to ' + address + '.';
    answer.dataset.match = String(same);
  });
  return el('section', { className: 'card', 'aria-labelledby': 'email-check-title' },
    el('h2', { id: 'email-check-title', textContent: 'Recipient' }), form);
}

function show(report) {
  const view = describeVerification(report);
  const parts = [];
  parts.push(el('div', { className: 'verdict ' + view.tone, 'data-testid': 'verdict', role: 'status' },
    el('p', { className: 'headline', textContent: view.headline }),
    view.detail ? el('p', { className: 'detail', textContent: view.detail }) : undefined,
    el('p', { className: 'verified-at', textContent: 'Verified at ' + timeOf(report.verifiedAt || new Date().toISOString()) })));
  const facts = el('div', { className: 'summary' });
  if (view.signatureVerified && report.badge) {
    facts.append(el('div', { className: 'badge-result' + (view.tone === 'ok' ? '' : ' greyed') },
      el('img', { src: report.badge.image, alt: 'Badge image' + (report.badge.level ? ': ' + report.badge.level : '') }),
      el('div', {},
        report.badge.level ? el('p', {}, el('strong', { textContent: 'Level: ' }), report.badge.level) : undefined,
        el('p', {}, el('a', { href: report.badge.page, textContent: 'Open the badge page' })))));
  }
  if (view.signatureVerified && report.recipient && report.recipient.name) {
    facts.append(el('p', { className: 'recipient', 'data-testid': 'recipient' }, el('strong', { textContent: 'Issued to ' }), report.recipient.name));
  }
  const issuer = issuerBlock(report);
  if (issuer) facts.append(issuer);
  if (facts.childElementCount > 0) parts.push(facts);
  if (view.signatureVerified && report.recipient) {
    const box = emailCheck(report.recipient.identity);
    if (box) parts.push(box);
  }
  const list = el('ul', { className: 'checks' });
  for (const c of view.checks) {
    list.append(el('li', { className: 'check-' + c.outcome, 'data-outcome': c.outcome },
      el('strong', { textContent: c.label + ': ' }), c.text));
  }
  parts.push(el('h2', { textContent: 'Checks' }), list);
  const s = report.summary;
  if (view.signatureVerified && s) {
    parts.push(el('h2', { textContent: 'What it stands for' }));
    const dl = el('dl', { className: 'facts' });
    const fact = (k, v) => { if (v) dl.append(el('dt', { textContent: k }), el('dd', { textContent: v })); };
    fact('Credential', s.name); fact('Framework', s.framework);
    fact('Valid from', s.validFrom); fact('Valid until', s.validUntil || 'no expiry'); fact('Read from', s.source);
    if (report.credentialId) fact('Credential id', report.credentialId);
    parts.push(dl);
    if (s.statements && s.statements.length > 0) {
      const ol = el('ol', { className: 'statements' });
      for (const st of s.statements) ol.append(el('li', {}, el('span', { className: 'code', textContent: st.code + ' ' }), st.text));
      parts.push(el('h3', { textContent: 'Framework statements (' + s.statements.length + ')' }), ol);
    }
  } else if (!view.signatureVerified) {
    parts.push(el('p', { className: 'muted', textContent: 'What the credential claims is not shown: its signature did not verify, so none of it can be relied on.' }));
  }
  const print = el('button', { type: 'button', className: 'no-print', textContent: 'Print this report' });
  print.addEventListener('click', () => window.print());
  parts.push(el('div', { className: 'actions no-print' }, print));
  result.replaceChildren(...parts);
  result.dataset.state = view.state;
  reveal();
}

async function check(body, contentType) {
  result.hidden = false;
  result.replaceChildren(el('p', { textContent: 'Checking\\u2026' }));
  try {
    const response = await fetch('/verify/check', { method: 'POST', headers: { 'content-type': contentType }, body });
    const data = await response.json();
    if (response.ok && Array.isArray(data.checks)) show(data);
    else showProblem(data.detail || 'the server could not read it (HTTP ' + response.status + ')');
  } catch (error) {
    showProblem('the check could not be completed (' + error.message + ')');
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// A badge page or credential URL of this service, or a credential id: the path of its JSON here.
function credentialPath(input) {
  const value = input.trim();
  const bare = value.replace(/^urn:uuid:/i, '');
  if (UUID.test(bare)) return '/credentials/' + bare.toLowerCase();
  let url;
  try { url = new URL(value, location.origin); } catch { return undefined; }
  const origins = [location.origin];
  if (publicUrl) { try { origins.push(new URL(publicUrl).origin); } catch { /* not a URL: ignore */ } }
  if (!origins.includes(url.origin)) return undefined;
  const found = /^\\/(?:badges|credentials)\\/([0-9a-f-]{36})(?:\\/|$)/i.exec(url.pathname);
  return found && UUID.test(found[1]) ? '/credentials/' + found[1].toLowerCase() : undefined;
}

async function checkLink(input) {
  const path = credentialPath(input);
  if (!path) {
    showProblem("only a badge page or credential URL of this service can be checked by link; download the credential or its badge image and upload it here instead");
    return;
  }
  result.hidden = false;
  result.replaceChildren(el('p', { textContent: 'Checking\\u2026' }));
  try {
    const response = await fetch(path, { headers: { accept: 'application/json' } });
    if (!response.ok) { showProblem('no credential is published at ' + input.trim()); return; }
    await check(await response.text(), 'application/json');
  } catch (error) {
    showProblem('the credential could not be fetched (' + error.message + ')');
  }
}

async function checkFile(f) {
  const name = (f.name || '').toLowerCase();
  if (name.endsWith('.png') || f.type === 'image/png') return check(await f.arrayBuffer(), 'image/png');
  if (name.endsWith('.svg') || f.type === 'image/svg+xml') return check(await f.text(), 'image/svg+xml');
  const body = await f.text();
  try { JSON.parse(body); } catch { showProblem('the file is not JSON, nor a PNG or SVG badge image'); return; }
  return check(body, 'application/json');
}

document.getElementById('url-form').addEventListener('submit', (event) => {
  event.preventDefault();
  void checkLink(urlField.value);
});
document.getElementById('paste-form').addEventListener('submit', (event) => {
  event.preventDefault();
  try { JSON.parse(text.value); } catch { showProblem('what was pasted is not JSON'); return; }
  void check(text.value, 'application/json');
});
file.addEventListener('change', () => { if (file.files[0]) void checkFile(file.files[0]); });
dropZone.addEventListener('dragover', (event) => { event.preventDefault(); dropZone.classList.add('over'); });
dropZone.addEventListener('dragleave', () => dropZone.classList.remove('over'));
dropZone.addEventListener('drop', (event) => {
  event.preventDefault();
  dropZone.classList.remove('over');
  const dropped = event.dataTransfer.files[0];
  if (dropped) { void checkFile(dropped); return; }
  const link = event.dataTransfer.getData('text/uri-list') || event.dataTransfer.getData('text/plain');
  if (link) { urlField.value = link.split('\\n')[0]; void checkLink(urlField.value); }
});
// A file pasted anywhere on the page (outside the text fields) is checked like a dropped one.
document.addEventListener('paste', (event) => {
  if (event.target === text || event.target === urlField) return;
  const pasted = event.clipboardData && event.clipboardData.files[0];
  if (pasted) { event.preventDefault(); void checkFile(pasted); }
});

const params = new URLSearchParams(location.search);
const target = params.get('id') || params.get('url');
if (target) { urlField.value = target; void checkLink(target); }
`;
