/** The stylesheet of every page, served as /assets/site.css (the CSP allows no inline style). */
export const SITE_CSS = `
:root { color-scheme: light; --ink: #1c2430; --muted: #5b6675; --line: #d9dee5; --ok: #17703a; --bad: #b3261e;
  --warn: #7a4f00; --accent: #1d4ed8; --bg: #f6f7f9; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: var(--bg); }
header.site, footer.site { padding: 0.75rem 1rem; background: #fff; border-bottom: 1px solid var(--line); }
footer.site { border-top: 1px solid var(--line); border-bottom: 0; color: var(--muted); font-size: 0.875rem; }
header.site a { color: var(--ink); font-weight: 600; text-decoration: none; }
main { max-width: 60rem; margin: 0 auto; padding: 1rem; overflow-wrap: anywhere; }
h1 { font-size: 1.6rem; line-height: 1.25; margin: 0.5rem 0; }
h2 { font-size: 1.2rem; margin: 1.5rem 0 0.5rem; }
h3 { font-size: 1.05rem; margin: 0.25rem 0 0.5rem; }
a { color: var(--accent); }
a:focus-visible, button:focus-visible, textarea:focus-visible, input:focus-visible, summary:focus-visible, [tabindex]:focus-visible { outline: 3px solid #b45309; outline-offset: 2px; }
.card { background: #fff; border: 1px solid var(--line); border-radius: 12px; padding: 1rem; margin: 1rem 0; }
.hero { display: flex; flex-wrap: wrap; gap: 1.25rem; align-items: center; }
.hero img { width: 160px; height: 160px; }
.greyed img, img.greyed { filter: grayscale(1); opacity: 0.55; }
.muted { color: var(--muted); }
.pill { display: inline-block; padding: 0.15rem 0.6rem; border-radius: 999px; font-weight: 600; font-size: 0.9rem; }
.pill.valid, .pill.earned { background: #e3f4e8; color: var(--ok); }
.pill.expired, .pill.suspended, .pill.not-yet-valid { background: #fdf1dc; color: var(--warn); }
.pill.revoked, .pill.invalid { background: #fbe4e2; color: var(--bad); }
.pill.in-progress, .pill.on-its-way { background: #eef1f5; color: var(--ink); }
.banner { border-radius: 10px; padding: 0.75rem 1rem; margin: 1rem 0; font-weight: 600; border: 2px solid; }
.banner p { margin: 0.25rem 0; } .banner .reason { font-weight: 400; }
.banner.warn { background: #fdf1dc; color: var(--warn); border-color: #e0b25c; }
.banner.bad { background: #fbe4e2; color: var(--bad); border-color: var(--bad); }
.actions { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; }
.button, button { display: inline-block; padding: 0.55rem 0.9rem; border-radius: 8px; border: 1px solid var(--line); background: #fff;
  color: var(--ink); font: inherit; text-decoration: none; cursor: pointer; min-height: 44px; }
.button.primary, button.primary { background: var(--accent); border-color: var(--accent); color: #fff; }
ol.statements, ul.checks { padding-left: 0; list-style: none; margin: 0; }
ol.statements li, ul.checks li { border-top: 1px solid var(--line); padding: 0.6rem 0; }
.code { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 0.85rem; color: var(--muted); }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1rem; margin: 0; }
dl.facts dt { color: var(--muted); } dl.facts dd { margin: 0; }
.verdict { padding: 0.75rem 1rem; border-radius: 10px; border: 2px solid; margin: 0 0 1rem; }
.verdict .headline { font-size: 1.35rem; font-weight: 700; margin: 0; }
.verdict p { margin: 0.25rem 0; }
.verdict.ok { background: #e3f4e8; color: var(--ok); border-color: var(--ok); }
.verdict.warn { background: #fdf1dc; color: var(--warn); border-color: #e0b25c; }
.verdict.bad { background: #fbe4e2; color: var(--bad); border-color: var(--bad); }
.check-passed::before { content: "\\2713  "; color: var(--ok); font-weight: 700; }
.check-failed::before { content: "\\2717  "; color: var(--bad); font-weight: 700; }
.check-not-checked::before { content: "\\2013  "; color: var(--muted); font-weight: 700; }
.check-not-checked { color: var(--muted); }
.issuer { display: flex; gap: 0.75rem; align-items: center; flex-wrap: wrap; }
.issuer img { width: 48px; height: 48px; object-fit: contain; }
.mark { font-size: 0.9rem; font-weight: 600; }
.mark.recognised { color: var(--ok); } .mark.foreign { color: var(--bad); }
.badge-result { display: flex; gap: 1rem; align-items: center; flex-wrap: wrap; }
.badge-result img { width: 96px; height: 96px; }
.drop-zone { border: 2px dashed var(--line); border-radius: 12px; padding: 1rem; text-align: center; }
.drop-zone.over { border-color: var(--accent); background: #eef3ff; }
input[type=file] { max-width: 100%; }
input[type=url], input[type=email] { width: 100%; max-width: 36rem; padding: 0.55rem; font: inherit; border: 1px solid #8a94a3; border-radius: 8px; min-height: 44px; }
textarea { width: 100%; min-height: 8rem; font: 0.85rem ui-monospace, monospace; padding: 0.5rem; border: 1px solid #8a94a3; border-radius: 8px; }
.levels { display: grid; grid-template-columns: repeat(auto-fit, minmax(13rem, 1fr)); gap: 1rem; }
progress.meter { width: 100%; height: 10px; appearance: none; border: 0; border-radius: 999px; background: #e5e7eb; overflow: hidden; }
progress.meter::-webkit-progress-bar { background: #e5e7eb; border-radius: 999px; }
progress.meter::-webkit-progress-value { background: var(--ok); border-radius: 999px; }
progress.meter::-moz-progress-bar { background: var(--ok); }
.done::before { content: "\\2713  "; color: var(--ok); font-weight: 700; } .todo::before { content: "\\25CB  "; color: var(--muted); }
.qr svg { width: 9rem; height: 9rem; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.skip-link { position: absolute; left: 0.5rem; top: -3rem; background: #fff; padding: 0.5rem; z-index: 1; }
.skip-link:focus { top: 0.5rem; }
[hidden] { display: none !important; }
@media (max-width: 30rem) { main { padding: 0.5rem; } .hero img { width: 120px; height: 120px; } dl.facts { grid-template-columns: 1fr; } }
@media print {
  body { background: #fff; font-size: 11pt; }
  header.site, footer.site, .no-print, .actions, form, .drop-zone, .skip-link { display: none !important; }
  main { max-width: none; padding: 0; }
  .card { border: 1px solid #999; break-inside: avoid; }
  .verdict { border-width: 3px; }
  a { color: inherit; text-decoration: none; }
  a[href^="http"]::after { content: " (" attr(href) ")"; font-size: 0.8em; }
}
`;
