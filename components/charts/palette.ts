/**
 * Colours that stay apart for colour-blind viewers. Series use the Okabe–Ito set; the heat map
 * uses ColorBrewer's sequential YlOrRd (ordered by lightness, so it reads in greyscale too).
 * Charts always carry numbers in tooltips and table views: colour is never the only carrier.
 */
export const SERIES = {
  blue: '#0072B2',
  orange: '#E69F00',
  vermillion: '#D55E00',
  sky: '#56B4E9',
  green: '#009E73',
  purple: '#CC79A7',
  yellow: '#F0E442',
  grey: '#7f7f7f',
} as const;

export const HEAT_COLORS = ['#ffffcc', '#ffeda0', '#fed976', '#feb24c', '#fd8d3c', '#fc4e2a', '#e31a1c', '#bd0026', '#800026'] as const;
/** Text on a heat cell: dark on the light half, white on the dark half. */
export const heatTextColor = (bucket: number): string => (bucket >= 5 ? '#ffffff' : '#1b1f24');
