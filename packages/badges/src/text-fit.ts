// Fitting text without font metrics: advances are estimated per character class in em units of
// DejaVu Sans, which runs wider than Liberation Sans and Arial, so text that fits in it fits in them.

const CLASSES: readonly (readonly [RegExp, number])[] = [
  [
    /[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6\u{20000}-\u{3FFFD}]/u,
    1,
  ],
  [/[mwMW@%]/, 0.98],
  [/[A-Z]/, 0.74],
  [/[ .,:;'!|iIjlftr()[\]]/, 0.36],
  [/[0-9]/, 0.64],
];
const OTHER = 0.62;
const BOLD = 1.1;
const ELLIPSIS = '…';

export interface TextBox {
  readonly maxWidth: number;
  readonly fontSize: number;
  readonly bold?: boolean;
  readonly letterSpacing?: number;
}

export function estimateWidth(text: string, box: Omit<TextBox, 'maxWidth'>): number {
  let ems = 0;
  let count = 0;
  for (const c of text) {
    ems += CLASSES.find(([pattern]) => pattern.test(c))?.[1] ?? OTHER;
    count++;
  }
  return ems * box.fontSize * (box.bold === true ? BOLD : 1) + count * (box.letterSpacing ?? 0);
}

/** Greedy word wrap into at most maxLines lines; the last line ends in "…" if text is left over. */
export function wrapText(text: string, box: TextBox, maxLines: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const joined = line === '' ? word : `${line} ${word}`;
    if (line === '' || estimateWidth(joined, box) <= box.maxWidth) {
      line = joined;
    } else {
      lines.push(line);
      line = word;
    }
  }
  if (line !== '') lines.push(line);
  const kept = lines.slice(0, maxLines).map((l) => truncate(l, box));
  if (lines.length > maxLines) kept[maxLines - 1] = withEllipsis(kept[maxLines - 1] ?? '', box);
  return kept;
}

/** Cuts text to fit, marking the cut with "…". */
export function truncate(text: string, box: TextBox): string {
  return estimateWidth(text, box) <= box.maxWidth ? text : withEllipsis(text, box);
}

/** Text that ends in "…", shortened by code points (never inside a surrogate pair) until it fits. */
function withEllipsis(text: string, box: TextBox): string {
  const chars = Array.from(text.replace(/…$/, ''));
  const shortened = (): string => chars.join('').replace(/[\s,;:.-]+$/, '');
  while (chars.length > 0 && estimateWidth(shortened() + ELLIPSIS, box) > box.maxWidth) chars.pop();
  return shortened() + ELLIPSIS;
}

/** The largest whole font size in [min, max] at which the text fits on one line (min if none does). */
export function fitFontSize(text: string, box: Omit<TextBox, 'fontSize'>, max: number, min: number): number {
  const atOne = estimateWidth(text, { ...box, fontSize: 1 });
  return Math.max(min, Math.min(max, Math.floor(box.maxWidth / Math.max(atOne, 1e-9))));
}
