import { BADGE_FONT_FAMILY } from './badge-fonts.js';
import { SHIELD_PATH, pips, star } from './badge-shapes.js';
import { levelPalette } from './level-palette.js';
import { fitFontSize, truncate, wrapText } from './text-fit.js';
import { escapeXml } from './xml-text.js';

export interface BadgeSvgInput {
  readonly levelLabel: string;
  /** 0-based position of the level in its framework. */
  readonly levelIndex: number;
  readonly levelCount: number;
  readonly frameworkTitle: string;
  readonly frameworkCode: string;
  readonly issuerName: string;
}

const GOLD = '#f2c14e';
/** Room for a line of the framework title where the shield is widest, inside its inner border. */
const TITLE_WIDTH = 310;

/** A self-contained 512 × 512 SVG badge for one level of a competency framework. */
export function renderBadgeSvg(input: BadgeSvgInput): string {
  const { levelLabel, levelIndex, levelCount } = input;
  if (!Number.isInteger(levelCount) || levelCount < 1 || !Number.isInteger(levelIndex)) {
    throw new RangeError(
      `levelCount must be a positive integer and levelIndex an integer (got ${levelIndex} of ${levelCount})`,
    );
  }
  if (levelIndex < 0 || levelIndex >= levelCount) {
    throw new RangeError(`levelIndex ${levelIndex} is outside 0..${levelCount - 1}`);
  }
  const label = clean(levelLabel);
  const title = clean(input.frameworkTitle);
  const code = clean(input.frameworkCode);
  const issuer = clean(input.issuerName);
  const { light, dark } = levelPalette(levelIndex, levelCount);
  const id = `attain-badge-${levelIndex + 1}-of-${levelCount}`;
  const description = `${label} (level ${levelIndex + 1} of ${levelCount}) in ${title} (${code}), issued by ${issuer}`;

  const labelSize = fitFontSize(label, { maxWidth: 300, bold: true }, 56, 24);
  const titleSize = [22, 20, 18].find((size) => fitsTwoLines(title, size)) ?? 16;
  const titleLines = wrapText(title, { maxWidth: TITLE_WIDTH, fontSize: titleSize }, 2);
  const titleTop = titleLines.length === 1 ? 300 : 290;

  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="512" height="512" viewBox="0 0 512 512" role="img" aria-label="${escapeXml(description)}">`,
    `<title>${escapeXml(description)}</title>`,
    `<defs><linearGradient id="${id}-fill" x1="0" y1="0" x2="0" y2="1">`,
    `<stop offset="0" stop-color="${light}"/><stop offset="1" stop-color="${dark}"/></linearGradient></defs>`,
    `<path d="${SHIELD_PATH}" fill="url(#${id}-fill)" stroke="${GOLD}" stroke-width="14" stroke-linejoin="round"/>`,
    `<path d="${SHIELD_PATH}" fill="none" stroke="#ffffff" stroke-opacity="0.35" stroke-width="3" transform="translate(256 262) scale(0.9) translate(-256 -262)"/>`,
    `<g font-family="${BADGE_FONT_FAMILY}" fill="#ffffff" text-anchor="middle">`,
    text(
      truncate(code, { maxWidth: 250, fontSize: 17, letterSpacing: 2 }),
      112,
      17,
      'letter-spacing="2" fill-opacity="0.85"',
    ),
    pips(levelIndex + 1, levelCount, 146, GOLD),
    text(truncate(label, { maxWidth: 300, fontSize: labelSize, bold: true }), 226, labelSize, 'font-weight="bold"'),
    `<rect x="196" y="248" width="120" height="3" rx="1.5" fill="${GOLD}"/>`,
    ...titleLines.map((line, i) => text(line, titleTop + i * Math.round(titleSize * 1.3), titleSize, '')),
    text(truncate(issuer, { maxWidth: 230, fontSize: 15 }), 392, 15, 'fill-opacity="0.85"'),
    '</g>',
    star(256, 428, 16, GOLD),
    '</svg>',
  ].join('\n');
}

function fitsTwoLines(title: string, fontSize: number): boolean {
  return !wrapText(title, { maxWidth: TITLE_WIDTH, fontSize }, 2).some((line) => line.endsWith('…'));
}

function text(content: string, y: number, fontSize: number, attributes: string): string {
  return `<text x="256" y="${y}" font-size="${fontSize}" ${attributes}>${escapeXml(content)}</text>`;
}

/** One line of plain text: runs of white space (including line breaks) become one space. */
function clean(value: string): string {
  return value.replace(/\s+/g, ' ').trim();
}
