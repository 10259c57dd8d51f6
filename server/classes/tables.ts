// Kysely table types of server/classes (created by its migration in ./migration.ts).
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in by the classes work
export interface ClassesTables {}
