// The little pictures of the legend, shared by the protocols' own keys.
/** A small inline SVG for a legend key. */
export const swatch = (inner: string, w = 30) => `<svg width="${w}" height="16" viewBox="0 0 ${w} 16" aria-hidden="true">${inner}</svg>`;

export const STAR_KEY = '<line x1="1" y1="8" x2="29" y2="8" stroke="#ca8a04" stroke-width="1.5" stroke-dasharray="7 4"/><path d="M15,2l1.6,3.9 4.2,.3-3.2,2.7 1,4.1-3.6,-2.2-3.6,2.2 1,-4.1-3.2,-2.7 4.2,-.3z" fill="#facc15" stroke="#a16207" stroke-width=".8"/>';
