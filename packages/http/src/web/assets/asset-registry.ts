import { createHash } from 'node:crypto';
import { BADGE_JS } from './badge-script.asset.js';
import { FAVICON_SVG } from './favicon.asset.js';
import { SITE_CSS } from './site-style.asset.js';
import { VERIFY_JS } from './verify-script.asset.js';

export interface Asset {
  body: string;
  contentType: string;
  /** A short hash of the body: the version in the asset's URL and its ETag. */
  version: string;
}

const asset = (body: string, contentType: string): Asset => ({
  body,
  contentType,
  version: createHash('sha256').update(body).digest('hex').slice(0, 12),
});

/** Every static asset the pages use, by file name under /assets/. */
export const ASSETS: ReadonlyMap<string, Asset> = new Map([
  ['site.css', asset(SITE_CSS, 'text/css; charset=utf-8')],
  ['verify.js', asset(VERIFY_JS, 'text/javascript; charset=utf-8')],
  ['badge.js', asset(BADGE_JS, 'text/javascript; charset=utf-8')],
  ['favicon.svg', asset(FAVICON_SVG, 'image/svg+xml')],
]);

/** The URL of an asset with its version, so a page always gets the copy it was written for. */
export function assetUrl(name: string): string {
  const found = ASSETS.get(name);
  if (found === undefined) throw new Error(`no asset ${name}`);
  return `/assets/${name}?v=${found.version}`;
}
