// Dates and times in the console: the app's one format per language (src/i18n/dates.ts).
export { formatDate, formatDateTime } from '../../i18n/dates.ts';
