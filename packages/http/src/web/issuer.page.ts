import { html } from './html.js';
import { layout } from './layout.js';

export interface IssuerPageView {
  did: string;
  name: string;
  url?: string;
  email?: string;
  image?: string;
  frameworks: { id: string; url: string }[];
}

/** /issuers/:slug for people: who this issuer is, and that this service vouches for it. */
export function issuerPage(issuer: IssuerPageView): string {
  const body = html`<article aria-labelledby="issuer-title">
    <div class="card hero">
      ${issuer.image === undefined ? '' : html`<img src="${issuer.image}" alt="Logo of ${issuer.name}" />`}
      <div>
        <p class="muted">Credential issuer</p>
        <h1 id="issuer-title">${issuer.name}</h1>
        <p class="mark recognised" data-testid="recognised">✓ Recognised issuer of this service</p>
      </div>
    </div>
    <section class="card" aria-labelledby="issuer-facts">
      <h2 id="issuer-facts">Details</h2>
      <dl class="facts">
        ${
          issuer.url === undefined
            ? ''
            : html`<dt>Website</dt>
                <dd><a href="${issuer.url}">${issuer.url}</a></dd>`
        }
        ${
          issuer.email === undefined
            ? ''
            : html`<dt>Contact</dt>
                <dd><a href="mailto:${issuer.email}">${issuer.email}</a></dd>`
        }
        <dt>Signs as</dt>
        <dd class="code" data-testid="issuer-did">${issuer.did}</dd>
      </dl>
      <p class="muted">
        Credentials signed with this DID's keys and checked at <a href="/verify">/verify</a> are shown as issued by
        ${issuer.name}.
      </p>
    </section>
    ${
      issuer.frameworks.length === 0
        ? ''
        : html`<section class="card" aria-labelledby="issuer-frameworks">
            <h2 id="issuer-frameworks">Frameworks it awards</h2>
            <ul>
              ${issuer.frameworks.map((f) => html`<li><a href="${f.url}">${f.id}</a></li>`)}
            </ul>
          </section>`
    }
  </article>`;
  return layout({
    title: `${issuer.name}: credential issuer`,
    description: `${issuer.name} issues verifiable credentials.`,
    body,
  });
}
