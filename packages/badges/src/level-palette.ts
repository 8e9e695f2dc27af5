export interface LevelPalette {
  readonly light: string;
  readonly dark: string;
}

/**
 * One colour per level, stepping from green (first level) through blue to purple (last), each
 * step also a little deeper, so the order reads at a glance and white text keeps its contrast.
 */
export function levelPalette(levelIndex: number, levelCount: number): LevelPalette {
  const t = levelCount > 1 ? levelIndex / (levelCount - 1) : 1;
  const hue = 150 + t * 135;
  return { light: hslHex(hue, 0.55, 0.46 - t * 0.06), dark: hslHex(hue, 0.62, 0.26 - t * 0.06) };
}

function hslHex(hue: number, saturation: number, lightness: number): string {
  const a = saturation * Math.min(lightness, 1 - lightness);
  const channel = (n: number): string => {
    const k = (n + hue / 30) % 12;
    const value = lightness - a * Math.max(-1, Math.min(k - 3, 9 - k, 1));
    return Math.round(value * 255)
      .toString(16)
      .padStart(2, '0');
  };
  return `#${channel(0)}${channel(8)}${channel(4)}`;
}
