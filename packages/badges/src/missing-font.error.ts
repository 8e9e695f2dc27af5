/** svgToPng found no font for the badge text; rendering on would silently drop every word. */
export class MissingFontError extends Error {
  override readonly name = 'MissingFontError';

  constructor() {
    super(
      'No font can render badge text. Install DejaVu Sans (Debian/Ubuntu: apt-get install fonts-dejavu-core) ' +
        'or Liberation Sans, or pass font files to svgToPng.',
    );
  }
}
