// Kysely table types of server/privacy (created by its migration in ./migration.ts).
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in by the privacy work
export interface PrivacyTables {}
