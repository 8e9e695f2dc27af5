import { assetUrl } from './assets/asset-registry.js';
import { html, type SafeHtml } from './html.js';

/** What link previews (LinkedIn, Slack, X) show for a page: absolute URLs only. */
export interface SharePreview {
  title: string;
  description: string;
  url: string;
  image: string;
  imageAlt: string;
}

/**
 * The frame of every page: accessible landmarks, phone-friendly, a print stylesheet, and no inline
 * script or style (the pages' CSP allows neither): the stylesheet and scripts are /assets files.
 */
export function layout(page: {
  title: string;
  body: SafeHtml;
  /** Asset names of the page's scripts, e.g. 'verify.js'. */
  scripts?: string[];
  description?: string;
  preview?: SharePreview;
}): string {
  const preview = page.preview;
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${page.title}</title>
        ${page.description === undefined ? '' : html`<meta name="description" content="${page.description}" />`}
        ${
          preview === undefined
            ? ''
            : html`<meta property="og:type" content="website" />
                <meta property="og:title" content="${preview.title}" />
                <meta property="og:description" content="${preview.description}" />
                <meta property="og:url" content="${preview.url}" />
                <meta property="og:image" content="${preview.image}" />
                <meta property="og:image:alt" content="${preview.imageAlt}" />
                <meta name="twitter:card" content="summary_large_image" />
                <meta name="twitter:title" content="${preview.title}" />
                <meta name="twitter:description" content="${preview.description}" />
                <meta name="twitter:image" content="${preview.image}" />
                <link rel="canonical" href="${preview.url}" />`
        }
        <link rel="icon" href="${assetUrl('favicon.svg')}" type="image/svg+xml" />
        <link rel="stylesheet" href="${assetUrl('site.css')}" />
        ${(page.scripts ?? []).map((name) => html`<script type="module" src="${assetUrl(name)}"></script>`)}
      </head>
      <body>
        <a class="skip-link" href="#main">Skip to content</a>
        <header class="site"><a href="/verify">Attain · verifiable credentials</a></header>
        <main id="main">${page.body}</main>
        <footer class="site">
          Open Badges 3.0 credentials, signed with eddsa-rdfc-2022. Anyone can check one at
          <a href="/verify">/verify</a>.
        </footer>
      </body>
    </html>`.value;
}
