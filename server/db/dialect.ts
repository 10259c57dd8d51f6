// The two databases Shixun runs on. A leaf: features' migrations and queries import it, and it
// imports nothing, so the migration list can name every feature without an import loop.
export type Dialect = 'sqlite' | 'postgres';
