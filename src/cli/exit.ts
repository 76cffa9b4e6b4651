/** Exit codes, as documented in the README. */
export const EXIT = { ok: 0, problems: 1, usage: 2 } as const
