import { html, raw, type SafeHtml } from './html.js';

const STYLE = `
:root { color-scheme: light; --ink: #1c2430; --muted: #5b6675; --line: #d9dee5; --ok: #17703a; --bad: #b3261e;
  --warn: #8a5a00; --accent: #1d4ed8; --bg: #f6f7f9; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: var(--bg); }
header.site, footer.site { padding: 0.75rem 1rem; background: #fff; border-bottom: 1px solid var(--line); }
footer.site { border-top: 1px solid var(--line); border-bottom: 0; color: var(--muted); font-size: 0.875rem; }
header.site a { color: var(--ink); font-weight: 600; text-decoration: none; }
main { max-width: 60rem; margin: 0 auto; padding: 1rem; overflow-wrap: anywhere; }
h1 { font-size: 1.6rem; line-height: 1.25; margin: 0.5rem 0; }
h2 { font-size: 1.2rem; margin: 1.5rem 0 0.5rem; }
a { color: var(--accent); }
a:focus-visible, button:focus-visible, textarea:focus-visible, input:focus-visible, summary:focus-visible { outline: 3px solid #f59e0b; outline-offset: 2px; }
.card { background: #fff; border: 1px solid var(--line); border-radius: 12px; padding: 1rem; margin: 1rem 0; }
.hero { display: flex; flex-wrap: wrap; gap: 1.25rem; align-items: center; }
.hero img { width: 160px; height: 160px; }
.muted { color: var(--muted); }
.pill { display: inline-block; padding: 0.15rem 0.6rem; border-radius: 999px; font-weight: 600; font-size: 0.9rem; }
.pill.valid { background: #e3f4e8; color: var(--ok); } .pill.expired, .pill.suspended { background: #fdf1dc; color: var(--warn); }
.pill.revoked, .pill.invalid { background: #fbe4e2; color: var(--bad); }
.actions { display: flex; flex-wrap: wrap; gap: 0.5rem; }
.button, button { display: inline-block; padding: 0.55rem 0.9rem; border-radius: 8px; border: 1px solid var(--line); background: #fff;
  color: var(--ink); font: inherit; text-decoration: none; cursor: pointer; min-height: 44px; }
.button.primary, button.primary { background: var(--accent); border-color: var(--accent); color: #fff; }
ol.statements, ul.checks { padding-left: 0; list-style: none; margin: 0; }
ol.statements li, ul.checks li { border-top: 1px solid var(--line); padding: 0.6rem 0; }
.code { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 0.85rem; color: var(--muted); }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1rem; margin: 0; }
dl.facts dt { color: var(--muted); } dl.facts dd { margin: 0; }
.verdict { font-size: 1.25rem; font-weight: 700; padding: 0.75rem 1rem; border-radius: 10px; }
.verdict.ok { background: #e3f4e8; color: var(--ok); } .verdict.fail { background: #fbe4e2; color: var(--bad); }
.check-ok::before { content: "✓ "; color: var(--ok); font-weight: 700; } .check-fail::before { content: "✗ "; color: var(--bad); font-weight: 700; }
input[type=file] { max-width: 100%; }
textarea { width: 100%; min-height: 10rem; font: 0.85rem ui-monospace, monospace; padding: 0.5rem; border: 1px solid var(--line); border-radius: 8px; }
.levels { display: grid; grid-template-columns: repeat(auto-fit, minmax(13rem, 1fr)); gap: 1rem; }
.meter { height: 10px; background: #e5e7eb; border-radius: 999px; overflow: hidden; } .meter span { display: block; height: 100%; background: var(--ok); }
.done::before { content: "✓ "; color: var(--ok); font-weight: 700; } .todo::before { content: "○ "; color: var(--muted); }
.qr svg { width: 9rem; height: 9rem; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
@media (max-width: 30rem) { main { padding: 0.5rem; } .hero img { width: 120px; height: 120px; } dl.facts { grid-template-columns: 1fr; } }
`;

/** The frame of every page: accessible landmarks, phone-friendly, no external assets. */
export function layout(page: { title: string; body: SafeHtml; script?: string }): string {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${page.title}</title>
        <style>
          ${raw(STYLE)}
        </style>
      </head>
      <body>
        <a class="visually-hidden" href="#main">Skip to content</a>
        <header class="site"><a href="/verify">Attain · verifiable credentials</a></header>
        <main id="main">${page.body}</main>
        <footer class="site">
          Open Badges 3.0 credentials, signed with eddsa-rdfc-2022. Anyone can check one at
          <a href="/verify">/verify</a>.
        </footer>
        ${
          page.script === undefined
            ? ''
            : html`<script type="module">
                ${raw(page.script.replaceAll('</', '<\\/'))};
              </script>`
        }
      </body>
    </html>`.value;
}
