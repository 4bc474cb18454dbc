/** An ILIKE pattern matching text that contains `query` as typed: its `%`, `_` and `\` match only themselves. */
export const containing = (query: string) => `%${query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
