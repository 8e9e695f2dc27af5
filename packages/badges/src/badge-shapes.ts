// Geometry of the 512 × 512 badge: a heater shield with a gold rim.

export const SHIELD_PATH =
  'M256 28 L436 82 Q452 87 452 104 V236 C452 356 372 436 256 484 C140 436 60 356 60 236 V104 Q60 87 76 82 Z';

/** The level pips: `count` circles centred on (256, cy), the first `filled` of them solid. */
export function pips(filled: number, count: number, cy: number, gold: string): string {
  const spacing = Math.min(34, 240 / count);
  const radius = Math.min(10, spacing * 0.34);
  const first = 256 - (spacing * (count - 1)) / 2;
  return Array.from({ length: count }, (_, i) => {
    const cx = round(first + i * spacing);
    return i < filled
      ? `<circle cx="${cx}" cy="${cy}" r="${round(radius)}" fill="${gold}"/>`
      : `<circle cx="${cx}" cy="${cy}" r="${round(radius - 1.5)}" fill="none" stroke="#ffffff" stroke-opacity="0.7" stroke-width="3"/>`;
  }).join('');
}

/** A five-pointed star centred on (cx, cy). */
export function star(cx: number, cy: number, outer: number, fill: string): string {
  const points = Array.from({ length: 10 }, (_, i) => {
    const r = i % 2 === 0 ? outer : outer * 0.42;
    const angle = (Math.PI / 5) * i - Math.PI / 2;
    return `${round(cx + r * Math.cos(angle))},${round(cy + r * Math.sin(angle))}`;
  });
  return `<polygon points="${points.join(' ')}" fill="${fill}"/>`;
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
