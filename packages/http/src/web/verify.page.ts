import { html } from './html.js';
import { layout } from './layout.js';

/**
 * /verify: the verdict first (when opened by link it is all the page shows above the fold), then the
 * ways in: a badge page or credential URL of this service, a dropped, pasted or uploaded file (JSON,
 * or a PNG/SVG badge image with the credential baked in). /assets/verify.js does the work.
 */
export function verifyPage(publicUrl: string): string {
  const body = html`<div id="verify" data-public-url="${publicUrl}">
    <h1>Verify a credential</h1>
    <p>
      Check an Open Badges credential: that it was signed by its issuer, has not been changed, revoked or suspended, and
      is within its validity dates.
    </p>
    <section
      id="result"
      class="card"
      tabindex="-1"
      aria-live="polite"
      aria-label="Verification result"
      hidden
    ></section>
    <div class="card no-print">
      <form id="url-form">
        <label for="credential-url"><strong>Badge page or credential link</strong></label>
        <p class="muted">A badge page (${publicUrl}/badges/…) or credential URL of this service.</p>
        <div class="actions">
          <input id="credential-url" name="url" type="url" inputmode="url" autocomplete="off" />
          <button class="primary" type="submit">Verify link</button>
        </div>
      </form>
    </div>
    <div id="drop-zone" class="card drop-zone no-print">
      <p>
        <label for="credential-file"><strong>Drop a file here, paste it, or choose one</strong></label>
        <span class="muted">(.json, or a badge image .png / .svg with the credential baked in)</span>
      </p>
      <input id="credential-file" type="file" accept=".json,.png,.svg,application/json,image/png,image/svg+xml" />
    </div>
    <div class="card no-print">
      <form id="paste-form">
        <label for="credential-json"><strong>Or paste the credential JSON</strong></label>
        <textarea
          id="credential-json"
          name="credential"
          spellcheck="false"
          placeholder='{"@context": [...], "type": ["VerifiableCredential", "OpenBadgeCredential"], ...}'
        ></textarea>
        <p><button class="primary" type="submit">Verify</button></p>
      </form>
    </div>
  </div>`;
  return layout({
    title: 'Verify a credential',
    description: 'Check that an Open Badges credential is genuine and in force.',
    body,
    scripts: ['verify.js'],
  });
}
