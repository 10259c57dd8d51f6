// The reports' JSON contracts live with every other request and answer in
// src/contracts/report-types.ts (zod schemas, types inferred from them); the server's reports and
// ledger code read the types from here.
export type {
  ApiTokenCreated,
  ApiTokenInfo,
  ApiTokenScope,
  AttemptAdjustments,
  CompetencyScore,
  LedgerAudit,
  LedgerAuditMismatch,
  LedgerEntry,
  LedgerExport,
  PolicyVersionInfo,
  PolicyVersions,
  PromotionReport,
  ReportAnalytics,
  ReportLearner,
  ResultAdjustment,
  SignedLedgerHead,
} from '../contracts/report-types.ts';
