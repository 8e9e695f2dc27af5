/**
 * The faces badge text asks for, in order. svgToPng also maps `sans-serif` and unstyled text to
 * DejaVu Sans (Debian/Ubuntu: fonts-dejavu-core); Liberation Sans is the fallback.
 */
export const BADGE_FONT_FAMILY = "'DejaVu Sans', 'Liberation Sans', Arial, Helvetica, sans-serif";
export const DEFAULT_FONT_FAMILY = 'DejaVu Sans';
