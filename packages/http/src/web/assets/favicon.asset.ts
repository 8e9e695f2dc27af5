/** A plain rosette: the site's icon (SVG, so one file serves every size). */
export const FAVICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">
<path fill="#1d4ed8" d="M20 38 12 60l10-4 6 8 6-22zM44 38l8 22-10-4-6 8-6-22z"/>
<circle cx="32" cy="26" r="22" fill="#1d4ed8"/><circle cx="32" cy="26" r="15" fill="#fff"/>
<path fill="none" stroke="#17703a" stroke-width="5" stroke-linecap="round" stroke-linejoin="round" d="m24 26 6 6 11-12"/>
</svg>
`;
