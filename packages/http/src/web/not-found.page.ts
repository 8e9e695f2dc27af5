import { html } from './html.js';
import { layout } from './layout.js';

/** The styled 404 a browser sees (programs keep the problem+json). */
export function notFoundPage(what: string): string {
  const body = html`<h1>Not found</h1>
    <div class="card">
      <p>There is no ${what} at this address. The link may be mistyped, or the page was never published here.</p>
      <p><a href="/verify">Verify a credential</a> instead: paste its link or drop its file.</p>
    </div>`;
  return layout({ title: 'Not found', body });
}
