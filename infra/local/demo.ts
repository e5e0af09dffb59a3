/** The election a newcomer finds loaded by `npm start`: the whole country, at 2 % of its polling areas. */
export const DEMO_ELECTION = { id: 'vn-2026-demo', scale: 0.02, seed: 2026 } as const;
