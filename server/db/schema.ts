// The database's tables as Kysely sees them. Each feature declares its own tables beside its code
// (server/<feature>/tables.ts) and adds them to this interface by declaration merging, the way its
// migration (server/<feature>/migration.ts) joins the list in server/migrations.ts; so this file,
// which every query imports, names no feature. Booleans are 0/1 integers and times ISO 8601
// strings so both dialects store them alike.

/** Every table, as the features' tables.ts files declare them. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by each feature's tables.ts
export interface DatabaseSchema {}
