import { DeliveryError } from './delivery-error.js';
import { escapeHtml } from './escape-html.js';

export interface IssuedEmailInput {
  agentName: string;
  to: string;
  levelLabel: string;
  frameworkTitle: string;
  issuerName: string;
  badgeUrl: string;
  credentialJsonUrl: string;
  validUntil: Date | null;
}

export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
}

const months = 'January February March April May June July August September October November December'.split(' ');

/** "15 June 2027", in UTC, the same on every machine. */
function formatDate(date: Date): string {
  return `${date.getUTCDate()} ${months[date.getUTCMonth()] ?? ''} ${date.getUTCFullYear()}`;
}

/** Escaping keeps markup out of an href, but not a `javascript:` link, so only web links are allowed. */
function webLink(name: string, value: string): string {
  const protocol = URL.canParse(value) ? new URL(value).protocol : null;
  if (protocol !== 'https:' && protocol !== 'http:') {
    throw new DeliveryError(`${name} is not an http(s) URL: ${value}`, { permanent: true });
  }
  return value;
}

/** The e-mail that tells an agent a credential was issued to them: a plain-text and an HTML part. */
export function issuedEmail(input: IssuedEmailInput): EmailMessage {
  const badgeUrl = webLink('badgeUrl', input.badgeUrl);
  const jsonUrl = webLink('credentialJsonUrl', input.credentialJsonUrl);
  // A header cannot hold a line break; collapsing whitespace also keeps the subject on one line.
  const subject = `Your ${input.levelLabel} badge for ${input.frameworkTitle} is ready`.replace(/\s+/g, ' ');
  const expiry =
    input.validUntil === null ? 'It does not expire.' : `It is valid until ${formatDate(input.validUntil)}.`;
  const paragraphs = {
    congrats: `Congratulations! ${input.issuerName} has issued you the ${input.levelLabel} badge for ${input.frameworkTitle}.`,
    about: `Your badge is a verifiable Open Badges 3.0 credential: you can share the badge page with anyone who needs to check it, or add the credential to a digital wallet. ${expiry}`,
    footer: `You receive this e-mail because ${input.issuerName} issued a credential to ${input.to}.`,
  };

  const text = [
    `Hello ${input.agentName},`,
    paragraphs.congrats,
    `View your badge: ${badgeUrl}`,
    paragraphs.about,
    `The credential itself (JSON): ${jsonUrl}`,
    paragraphs.footer,
  ].join('\n\n');

  const p = (content: string) => `<p style="margin:0 0 16px">${content}</p>`;
  const html = [
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>`,
    '<body style="margin:0;padding:24px;background:#f4f5f7;font-family:Arial,Helvetica,sans-serif;color:#1f2933">',
    '<div style="max-width:560px;margin:0 auto;padding:32px;background:#ffffff;border-radius:8px;line-height:1.5">',
    p(`Hello ${escapeHtml(input.agentName)},`),
    p(escapeHtml(paragraphs.congrats)),
    p(
      `<a href="${escapeHtml(badgeUrl)}" style="display:inline-block;padding:12px 24px;background:#1a56db;color:#ffffff;text-decoration:none;border-radius:6px;font-weight:bold">View your badge</a>`,
    ),
    p(escapeHtml(paragraphs.about)),
    p(
      `The credential itself (JSON): <a href="${escapeHtml(jsonUrl)}" style="color:#1a56db">${escapeHtml(jsonUrl)}</a>`,
    ),
    `<p style="margin:24px 0 0;font-size:13px;color:#616e7c">${escapeHtml(paragraphs.footer)}</p>`,
    '</div></body></html>',
  ].join('\n');

  return { to: input.to, subject, text, html };
}
