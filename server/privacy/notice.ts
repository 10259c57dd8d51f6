// The privacy notice's version and what GET /api/v1/privacy/notice answers. The text itself lives
// in the app (src/i18n/strings-privacy.ts); the server names its version and supplies the numbers.
import type { PrivacyNoticeInfo } from '../../src/contracts/privacy-types.ts';
import type { RetentionSettings } from './retention-config.ts';

/**
 * Raise by one whenever the notice's wording in src/i18n/strings-privacy.ts changes in substance
 * (what is recorded, why, who sees it, rights): every learner is then asked to read it again.
 */
export const NOTICE_TEXT_VERSION = 1;

/**
 * The text version plus the retention numbers the notice shows, e.g. `1+r730.180.1`: a learner
 * acknowledged the periods they were told, so changing a RETENTION_* setting asks again too.
 */
export function noticeVersion(settings: RetentionSettings): string {
  return `${NOTICE_TEXT_VERSION}+r${settings.statementDays}.${settings.attemptDays}.${settings.sessionDays}`;
}

export function noticeInfo(settings: RetentionSettings): PrivacyNoticeInfo {
  return {
    version: noticeVersion(settings),
    retention: { statementDays: settings.statementDays, attemptDays: settings.attemptDays, sessionDays: settings.sessionDays },
  };
}
