// Kysely table types of server/reports (created by its migration in ./migration.ts).
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in by the reports work
export interface ReportsTables {}
