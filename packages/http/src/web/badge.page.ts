import QRCode from 'qrcode';
import type { BadgeStatus, BadgeView } from './badge-view.js';
import { html, raw, type SafeHtml } from './html.js';
import { layout } from './layout.js';

const STATUS_TEXT: Record<BadgeStatus, string> = {
  valid: 'Valid',
  expired: 'Expired',
  suspended: 'Suspended by the issuer',
  revoked: 'Revoked by the issuer',
};

export const day = (date: Date): string =>
  date.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/** "Add to profile" on LinkedIn: its certification form, filled in (the organization by id when known). */
export function linkedInUrl(badge: BadgeView): string {
  const issued = badge.awardedDate ?? badge.validFrom;
  const params = new URLSearchParams({
    startTask: 'CERTIFICATION_NAME',
    name: `${badge.level.label} — ${badge.framework.title}`,
    ...(badge.issuer.linkedInOrganizationId === undefined
      ? { organizationName: badge.issuer.name }
      : { organizationId: badge.issuer.linkedInOrganizationId }),
    issueYear: String(issued.getUTCFullYear()),
    issueMonth: String(issued.getUTCMonth() + 1),
    ...(badge.validUntil === null
      ? {}
      : {
          expirationYear: String(badge.validUntil.getUTCFullYear()),
          expirationMonth: String(badge.validUntil.getUTCMonth() + 1),
        }),
    certUrl: badge.urls.page,
    certId: badge.uuid,
  });
  return `https://www.linkedin.com/profile/add?${params.toString()}`;
}

/** The banner of a credential that no longer holds: what happened, when, and the recorded reason. */
function banner(badge: BadgeView): SafeHtml {
  const { status, since, reason } = badge.standing;
  const when = since === undefined ? '' : ` ${status === 'suspended' ? 'since' : 'on'} ${day(since)}`;
  const headline: Record<Exclude<BadgeStatus, 'valid'>, string> = {
    revoked: `This credential was revoked by its issuer${when}. It is no longer valid.`,
    suspended: `This credential is suspended by its issuer${when}. It is not valid while suspended.`,
    expired: `This credential expired${when}.`,
  };
  if (status === 'valid') return html``;
  return html`<div class="banner ${status === 'revoked' ? 'bad' : 'warn'}" role="alert" data-testid="status-banner">
    <p>${headline[status]}</p>
    ${reason === undefined ? '' : html`<p class="reason">Reason: ${reason}</p>`}
  </div>`;
}

function shareSection(badge: BadgeView, qr: string): SafeHtml {
  return html`<section class="card" aria-labelledby="share" data-testid="share">
    <h2 id="share">Keep and share it</h2>
    <div class="actions">
      <a class="button primary" href="${badge.urls.png}" download="badge-${badge.uuid}.png"
        >Download badge image (PNG)</a
      >
      <a class="button" href="${badge.urls.svg}" download="badge-${badge.uuid}.svg">Badge image (SVG)</a>
      <a class="button" href="${badge.urls.json}" download="credential-${badge.uuid}.json"
        >Download credential (JSON)</a
      >
      <button type="button" data-copy="${badge.urls.verify}">Copy verification link</button>
      <a class="button" href="${linkedInUrl(badge)}" rel="noopener" target="_blank">Add to LinkedIn profile</a>
      <a class="button" href="${badge.urls.verify}">Verify now</a>
    </div>
    <p id="copy-note" class="muted" role="status" aria-live="polite"></p>
    <p class="muted">The images have the signed credential baked in: anyone can check them at /verify.</p>
    <figure class="qr">
      ${raw(qr)}
      <figcaption class="muted">Scan to verify: ${badge.urls.verify}</figcaption>
    </figure>
  </section>`;
}

/** No longer in force: nothing to share, only the record and a way to check it. */
function recordSection(badge: BadgeView): SafeHtml {
  return html`<section class="card" aria-labelledby="record">
    <h2 id="record">The record</h2>
    <div class="actions">
      <a class="button" href="${badge.urls.json}" download="credential-${badge.uuid}.json"
        >Download credential (JSON)</a
      >
      <a class="button" href="${badge.urls.verify}">Verify now</a>
    </div>
  </section>`;
}

/** The public page of one credential: what it stands for, who issued it, whether it holds now. */
export async function badgePage(badge: BadgeView): Promise<string> {
  const inForce = badge.status === 'valid';
  const qr = inForce
    ? await QRCode.toString(badge.urls.verify, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' })
    : '';
  const title = `${badge.level.label} — ${badge.framework.title}`;
  const issuerName =
    badge.issuer.page === undefined
      ? badge.issuer.name
      : html`<a href="${badge.issuer.page}" data-testid="issuer-link">${badge.issuer.name}</a>`;
  const body = html` <article aria-labelledby="badge-title">
    ${banner(badge)}
    <div class="card hero${inForce ? '' : ' greyed'}">
      <img
        src="${badge.urls.svg}"
        alt="${badge.level.label} badge"
        width="160"
        height="160"
        data-testid="badge-image"
      />
      <div>
        <p class="muted">${inForce ? `${badge.recipientName} has earned` : `Awarded to ${badge.recipientName}`}</p>
        <h1 id="badge-title">${title}</h1>
        <p>
          <span class="pill ${badge.status}" data-testid="badge-status">${STATUS_TEXT[badge.status]}</span>
          <span class="muted">Level ${badge.level.index + 1} of ${badge.level.count}</span>
        </p>
      </div>
    </div>

    <section class="card" aria-labelledby="facts">
      <h2 id="facts">Details</h2>
      <dl class="facts">
        <dt>Issued by</dt>
        <dd>${issuerName}</dd>
        <dt>Framework</dt>
        <dd>
          <a href="${badge.framework.url}">${badge.framework.title}</a>
          <span class="code">${badge.framework.id} ${badge.framework.version}</span>
        </dd>
        <dt>Awarded</dt>
        <dd>${day(badge.awardedDate ?? badge.validFrom)}</dd>
        <dt>Issued</dt>
        <dd>${day(badge.validFrom)}</dd>
        <dt>${badge.status === 'expired' ? 'Expired' : 'Expires'}</dt>
        <dd>${badge.validUntil === null ? 'Does not expire' : day(badge.validUntil)}</dd>
        <dt>Credential</dt>
        <dd class="code">urn:uuid:${badge.uuid}</dd>
      </dl>
    </section>

    <section class="card" aria-labelledby="statements">
      <h2 id="statements">What it stands for (${badge.statements.length} statements)</h2>
      <ol class="statements">
        ${badge.statements.map(
          (s) =>
            html`<li data-testid="statement">
              <a href="${s.url}" class="code">${s.code}</a> ${s.text}
              <div class="muted">
                ${
                  s.demonstrations.length === 0
                    ? 'Demonstrated'
                    : s.demonstrations.map(
                        (d, i) =>
                          html`${i > 0 ? '; ' : ''}Demonstrated in assessment <span class="code">${d.activityId}</span>,
                            passed ${day(d.completedAt)}`,
                      )
                }
              </div>
            </li>`,
        )}
      </ol>
    </section>
    ${inForce ? shareSection(badge, qr) : recordSection(badge)}
  </article>`;
  return layout({
    title,
    body,
    description: `${title}, issued by ${badge.issuer.name}.`,
    preview: {
      title,
      description: inForce
        ? `${badge.recipientName} — ${title}. Issued by ${badge.issuer.name}; an Open Badges 3.0 credential anyone can verify.`
        : `${STATUS_TEXT[badge.status]}: ${title}, issued by ${badge.issuer.name} to ${badge.recipientName}.`,
      url: badge.urls.page,
      image: badge.urls.png,
      imageAlt: `${badge.level.label} badge`,
    },
    ...(inForce ? { scripts: ['badge.js'] } : {}),
  });
}
