// The promotion report as a table for HR files (CSV and XLSX share it): a header row in the
// request's language, one row per learner with typed cells (the honours awarded last), the "about"
// lines (policy, period, filters, ledger head) that make the file checkable on its own, and the
// honours awarded in the period, one row each, for the spreadsheet's Honours sheet.
import type { Localized } from '../../src/course/schema.ts';
import type { StandingStatus } from '../../src/policy/standing.ts';
import type { HonourDecision } from '../../src/contracts/honour-types.ts';
import type { PromotionReport, ReportLearner } from '../../src/contracts/report-types.ts';
import type { ReportCourses } from './report-courses.ts';
import type { ReportLanguage } from './report-query.ts';

export type TableCell =
  | { readonly kind: 'text'; readonly value: string }
  | { readonly kind: 'number'; readonly value: number; readonly decimals: number }
  /** An instant, shown as the wall-clock time in the policy's offset. */
  | { readonly kind: 'time'; readonly value: string }
  | null;

export interface ReportTable {
  readonly header: readonly string[];
  readonly rows: readonly (readonly TableCell[])[];
  /** Label and value pairs about the report. */
  readonly about: readonly (readonly [string, string])[];
  /** The policy's offset in minutes, to turn instants into local times. */
  readonly offsetMinutes: number;
  /** Every honour awarded in the period (in the report's scope): a header row and one row per award. */
  readonly honours: { readonly header: readonly string[]; readonly rows: readonly (readonly TableCell[])[] };
}

const TEXT = {
  'zh-CN': {
    employeeId: '工号',
    username: '用户名',
    name: '姓名',
    department: '部门',
    rank: '职级',
    requiredHours: '应修学时',
    earnedHours: '已获学时',
    meets: '是否达标',
    status: '情况说明',
    policyVersion: '政策版本',
    ledger: '账本核对',
    ledgerOk: '一致',
    ledgerIssue: (detail: string) => `账本不符：${detail}`,
    exercises: '联合演练次数',
    exercisesMet: '联合演练是否达标',
    honours: '获得荣誉',
    honourAwarded: (label: string, date: string) => `${label}（${date} 决定）`,
    honour: '荣誉',
    period: '评选期间',
    decidedAt: '决定时间',
    decidedBy: '决定人',
    ledgerSeq: '账本序号',
    reason: '说明',
    notRequired: '无要求',
    missingExercises: (label: string, required: number, done: number) => `联合演练不足：${label}（${done}/${required} 次）`,
    score: (course: string) => `${course} 成绩(%)`,
    finished: (course: string) => `${course} 完成时间`,
    yes: '是',
    no: '否',
    statusMeets: '达标',
    shortHours: (hours: number) => `差 ${hours} 学时`,
    missing: (course: string) => `缺课程：${course}`,
    expired: (course: string, date: string) => `合格已过期：${course}（${date} 到期）`,
    below: (course: string, scaled: number, minimum: number) =>
      `低于最低分：${course}（${percent(scaled)}% < ${percent(minimum)}%）`,
    separator: '；',
    about: {
      policyVersion: '政策版本',
      adopted: '政策采用日期',
      period: '统计期间',
      timeZone: '时间按',
      department: '部门筛选',
      rank: '职级筛选',
      statusFilter: '状态筛选',
      all: '全部',
      meetsOnly: '仅达标',
      shortOnly: '仅未达标',
      learners: '人数',
      meetsCount: '达标人数',
      shortCount: '未达标人数',
      generatedAt: '生成时间',
      seq: '账本链头序号',
      hash: '账本链头哈希',
      signedAt: '链头签名时间',
      signature: '链头签名（Ed25519）',
      keyId: '签名密钥编号',
      origin: '账本名称',
      root: '账本默克尔根',
      note: '账本检查点（签名文本）',
      ledgerCheck: '账本核验',
    },
  },
  en: {
    employeeId: 'Employee ID',
    username: 'Username',
    name: 'Name',
    department: 'Department',
    rank: 'Rank',
    requiredHours: 'Required hours',
    earnedHours: 'Earned hours',
    meets: 'Meets requirement',
    status: 'Status',
    policyVersion: 'Policy version',
    ledger: 'Ledger',
    ledgerOk: 'matches',
    ledgerIssue: (detail: string) => `NOT BACKED BY LEDGER: ${detail}`,
    exercises: 'Joint exercises',
    exercisesMet: 'Joint exercises required met',
    honours: 'Honours awarded',
    honourAwarded: (label: string, date: string) => `${label} (decided ${date})`,
    honour: 'Honour',
    period: 'Period',
    decidedAt: 'Decided at',
    decidedBy: 'Decided by',
    ledgerSeq: 'Ledger seq',
    reason: 'Note',
    notRequired: 'Not required',
    missingExercises: (label: string, required: number, done: number) =>
      `Too few joint exercises: ${label} (${done} of ${required})`,
    score: (course: string) => `${course} score (%)`,
    finished: (course: string) => `${course} finished`,
    yes: 'Yes',
    no: 'No',
    statusMeets: 'Meets the requirement',
    shortHours: (hours: number) => `${hours} ${hours === 1 ? 'hour' : 'hours'} short`,
    missing: (course: string) => `Missing course: ${course}`,
    expired: (course: string, date: string) => `Pass expired: ${course} (expired on ${date})`,
    below: (course: string, scaled: number, minimum: number) =>
      `Below minimum score: ${course} (${percent(scaled)}% < ${percent(minimum)}%)`,
    separator: '; ',
    about: {
      policyVersion: 'Policy version',
      adopted: 'Policy adopted',
      period: 'Period',
      timeZone: 'Times are in',
      department: 'Department filter',
      rank: 'Rank filter',
      statusFilter: 'Status filter',
      all: 'All',
      meetsOnly: 'Meets only',
      shortOnly: 'Short only',
      learners: 'Learners',
      meetsCount: 'Meet the requirement',
      shortCount: 'Short of it',
      generatedAt: 'Generated at',
      seq: 'Ledger head seq',
      hash: 'Ledger head hash',
      signedAt: 'Ledger head signed at',
      signature: 'Ledger head signature (Ed25519)',
      keyId: 'Signing key id',
      origin: 'Ledger origin',
      root: 'Ledger Merkle root',
      note: 'Ledger checkpoint (signed note)',
      ledgerCheck: 'Ledger check',
    },
  },
} as const;

function percent(scaled: number): number {
  return Math.round(scaled * 1000) / 10;
}

export function statusText(statuses: readonly StandingStatus[], lang: ReportLanguage, courses: ReportCourses): string {
  const t = TEXT[lang];
  const title = (id: string) => courses.title(id)[lang];
  return statuses
    .map((status) => {
      switch (status.kind) {
        case 'meets':
          return t.statusMeets;
        case 'short-hours':
          return t.shortHours(status.hours);
        case 'missing-course':
          return t.missing(title(status.courseId));
        case 'below-minimum-score':
          return t.below(title(status.courseId), status.scaled, status.minimum);
        case 'expired-course':
          return t.expired(title(status.courseId), status.expiredOn);
        case 'missing-exercises':
          return t.missingExercises(status.label[lang], status.required, status.done);
      }
    })
    .join(t.separator);
}

export function offsetMinutes(utcOffset: string): number {
  const match = /^([+-])(\d{2}):(\d{2})$/.exec(utcOffset);
  if (match === null) return 0;
  return (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3]));
}

/** "YYYY-MM-DD HH:mm" of an instant, in the given offset. */
export function localTime(iso: string, offset: number): string {
  return new Date(Date.parse(iso) + offset * 60_000).toISOString().slice(0, 16).replace('T', ' ');
}

/** Course columns: every course on the server, then any other course a learner has a result in. */
function reportCourseIds(report: PromotionReport, courses: ReportCourses): string[] {
  const ids = new Set(courses.ids);
  for (const learner of report.learners) for (const course of learner.standing.courses) ids.add(course.courseId);
  return [...ids].sort((a, b) => courses.order(a) - courses.order(b) || (a < b ? -1 : a > b ? 1 : 0));
}

const text = (value: string | null): TableCell => (value === null ? null : { kind: 'text', value });

/** The awards of the report's honours, oldest decision first, with the honour's label. */
function awardsOf(report: PromotionReport): { label: Localized; decision: HonourDecision }[] {
  return report.honours
    .flatMap((honour) =>
      honour.decisions.filter((decision) => decision.decision === 'award').map((decision) => ({ label: honour.label, decision })),
    )
    .sort((a, b) => (a.decision.decidedAt < b.decision.decidedAt ? -1 : a.decision.decidedAt > b.decision.decidedAt ? 1 : 0));
}

function learnerRow(
  learner: ReportLearner,
  courseIds: readonly string[],
  report: PromotionReport,
  lang: ReportLanguage,
  courses: ReportCourses,
  awards: readonly { label: Localized; decision: HonourDecision }[],
  offset: number,
): TableCell[] {
  const t = TEXT[lang];
  const { standing } = learner;
  const cells: TableCell[] = [
    text(learner.employeeId),
    text(learner.username),
    text(learner.name),
    text(learner.department),
    text(learner.rank),
    { kind: 'number', value: standing.requiredHours, decimals: 1 },
    { kind: 'number', value: standing.earnedHours, decimals: 1 },
    text(standing.meets ? t.yes : t.no),
    text(statusText(standing.statuses, lang, courses)),
  ];
  for (const id of courseIds) {
    const counted = standing.courses.find((course) => course.courseId === id)?.counted ?? null;
    cells.push(counted === null ? null : { kind: 'number', value: percent(counted.scaled), decimals: 1 });
    cells.push(counted === null ? null : { kind: 'time', value: counted.finishedAt });
  }
  cells.push(text(report.policy.version));
  cells.push(
    text(
      learner.ledgerIssues.length === 0
        ? t.ledgerOk
        : t.ledgerIssue(
            learner.ledgerIssues
              .map((issue) => `${issue.kind}${issue.courseId === null ? '' : ` ${issue.courseId}`}: ${issue.detail}`)
              .join(t.separator),
          ),
    ),
  );
  // Joint exercises: after the fixed columns, so files read by column position keep working.
  const exercises = standing.exercises;
  cells.push({ kind: 'number', value: exercises.count, decimals: 0 });
  cells.push(text(exercises.required.length === 0 ? t.notRequired : exercises.met ? t.yes : t.no));
  // Honours awarded in the period, with the day each was decided (in the policy's offset).
  const own = awards.filter((award) => award.decision.username === learner.username);
  cells.push(
    own.length === 0
      ? null
      : text(
          own
            .map((award) => t.honourAwarded(award.label[lang], localTime(award.decision.decidedAt, offset).slice(0, 10)))
            .join(t.separator),
        ),
  );
  return cells;
}

export function reportTable(
  report: PromotionReport,
  lang: ReportLanguage,
  courses: ReportCourses,
  utcOffset: string,
): ReportTable {
  const t = TEXT[lang];
  const a = t.about;
  const courseIds = reportCourseIds(report, courses);
  const header: string[] = [
    t.employeeId,
    t.username,
    t.name,
    t.department,
    t.rank,
    t.requiredHours,
    t.earnedHours,
    t.meets,
    t.status,
  ];
  for (const id of courseIds) {
    const title = courses.title(id)[lang];
    header.push(t.score(title), t.finished(title));
  }
  header.push(t.policyVersion, t.ledger, t.exercises, t.exercisesMet, t.honours);
  const label = (value: Localized) => value[lang];
  const head = report.ledgerHead;
  const about: [string, string][] = [
    [a.policyVersion, report.policy.version],
    [a.adopted, report.policy.adopted],
    [a.period, `${label(report.period.label)} (${report.period.start} – ${report.period.end})`],
    [a.timeZone, `UTC${utcOffset}`],
    [a.department, report.filters.department ?? a.all],
    [a.rank, report.filters.rank ?? a.all],
    [a.statusFilter, report.filters.status === 'meets' ? a.meetsOnly : report.filters.status === 'short' ? a.shortOnly : a.all],
    [a.learners, String(report.summary.learners)],
    [a.meetsCount, String(report.summary.meets)],
    [a.shortCount, String(report.summary.short)],
    [a.generatedAt, report.generatedAt],
    [a.seq, String(head.seq)],
    [a.hash, head.hash],
    [a.signedAt, head.signedAt],
    [a.signature, head.signature],
    [a.keyId, head.keyId],
    [a.origin, head.origin],
    [a.root, head.root],
    [a.note, head.note],
    [a.ledgerCheck, report.ledgerCheck.ok ? 'ok' : `FAILED: ${report.ledgerCheck.problem ?? ''}`],
  ];
  const offset = offsetMinutes(utcOffset);
  const awards = awardsOf(report);
  return {
    header,
    rows: report.learners.map((learner) => learnerRow(learner, courseIds, report, lang, courses, awards, offset)),
    about,
    offsetMinutes: offset,
    honours: {
      header: [t.honour, t.period, t.username, t.name, t.department, t.decidedAt, t.decidedBy, t.ledgerSeq, t.reason],
      rows: awards.map(({ label: honourLabel, decision }) => [
        text(honourLabel[lang]),
        text(decision.periodId),
        text(decision.username),
        text(decision.name),
        text(decision.department),
        { kind: 'time', value: decision.decidedAt },
        text(decision.decidedBy),
        { kind: 'number', value: decision.ledgerSeq, decimals: 0 },
        text(decision.reason),
      ]),
    },
  };
}
