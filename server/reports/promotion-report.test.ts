// The promotion report through the real server on SQLite and PostgreSQL: a seeded organisation
// (accounts made by the admin API, results graded by the grader or copied from a graded row, one
// corrected through the ledger's adjustment API) gives hand-computed standings in JSON, and the
// same rows in CSV and XLSX, each carrying the signed ledger head; filters and period boundaries.
import type { LightMyRequestResponse } from 'fastify';
import readXlsxFile from 'read-excel-file/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MINI_PASSING } from '../../src/engine/test-course.ts';
import type { StepResponse } from '../../src/engine/responses.ts';
import type { StandingStatus } from '../../src/policy/standing.ts';
import type { PromotionReport, ReportLearner } from '../../src/contracts/report-types.ts';
import { TEST_DATABASES } from '../db/test-databases.ts';
import { defuseFormula } from '../../src/reports/csv.ts';
import { ABOUT_SHEET, HONOURS_SHEET, LEARNERS_SHEET } from './report-files.ts';
import {
  attemptRow,
  createAccount,
  gradeAssessment,
  insertAttempt,
  startReportsApp,
  YEAR,
} from './test-support/reports-test-app.ts';
import type { AttemptRow, ReportsTestApp } from './test-support/reports-test-app.ts';

const MINI_FAILING: StepResponse[] = [
  { type: 'inspect', found: { screen: 'off', stick: 'open' } },
  { type: 'choice', selected: ['none'] },
  { type: 'classify', placements: { faq: 'important', grid: 'general' } },
  { type: 'sequence', order: ['publish', 'mask', 'assess'] },
  { type: 'dialogue', path: ['allow'] },
];

const at = (date: string, time = '10:00') =>
  `${date.replace('Y1', String(YEAR + 1)).replace('Y', String(YEAR))}T${time}:00+08:00`;

/** A minimal RFC 4180 reader: quoted fields, doubled quotes, CRLF. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const endField = () => {
    row.push(field);
    field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') endField();
    else if (c === '\n') {
      endField();
      rows.push(row);
      row = [];
    } else if (c !== '\r') field += c;
  }
  if (field !== '' || row.length > 0) {
    endField();
    rows.push(row);
  }
  return rows;
}

const kinds = (learner: ReportLearner | undefined) => learner?.standing.statuses.map((s) => s.kind);

for (const variant of TEST_DATABASES) {
  describe.skipIf(!variant.available)(`promotion report on ${variant.name}`, () => {
    let t: ReportsTestApp;
    let adjustedAttempt: string;
    let originalScaled: number;

    const get = (url: string, headers: Record<string, string> = t.admin): Promise<LightMyRequestResponse> =>
      t.app.inject({ method: 'GET', url, headers });
    const report = async (query: string): Promise<PromotionReport> => {
      const response = await get(`/api/v1/reports/promotion?${query}`);
      expect(response.statusCode, response.body).toBe(200);
      return response.json<PromotionReport>();
    };
    const byId = (r: PromotionReport, id: string) => r.learners.find((l) => l.employeeId === id);

    beforeAll(async () => {
      t = await startReportsApp(variant);
      const office = { department: '办公室', rank: '科员' };
      const e01 = await createAccount(t, { username: 'E01', name: '张一', ...office });
      const e02 = await createAccount(t, { username: 'E02', name: '李二', department: '办公室', rank: '处长' });
      await createAccount(t, { username: 'E03', name: '王三', department: '大数据局', rank: '科员' });
      await createAccount(t, { username: 'E04', name: '赵四', ...office });
      await createAccount(t, { username: 'E05', name: '钱五', ...office });
      const e06 = await createAccount(t, { username: 'E06', name: '孙六', ...office });
      await createAccount(t, { username: 'E07', name: '周七', ...office });
      await createAccount(t, { username: 'T01', name: '吴老师', role: 'trainer', department: '培训中心' });

      // Graded by the server now (inside this year): E01 and E02 full marks, E06 a failing run.
      const full = await gradeAssessment(t, e01, MINI_PASSING);
      await gradeAssessment(t, e02, MINI_PASSING);
      const failing = await gradeAssessment(t, e06, MINI_FAILING);
      adjustedAttempt = failing.attemptId;
      originalScaled = failing.official?.scaled ?? 1;

      const template: AttemptRow = await attemptRow(t.database, full.attemptId);
      const insert = (username: string, courseId: string, finished: string, scaled: number, passed = scaled >= 0.7) =>
        insertAttempt(t.database, template, { username, courseId, finished, scaled, passed });
      await insert('E01', 'mini-b', at('Y-04-01'), 0.9);
      await insert('E03', 'mini', at('Y-03-10'), 0.9);
      await insert('E04', 'mini', at('Y-03-10'), 0.75);
      await insert('E04', 'mini-b', at('Y-05-10'), 0.95);
      await insert('E05', 'mini', at('Y-03-01'), 0.9);
      await insert('E05', 'mini', at('Y-06-01'), 0.5);
      await insert('E05', 'mini-b', at('Y-04-01'), 0.9);
      await insert('E06', 'mini-b', at('Y-04-01'), 0.9);
      // The period boundary: the last minute of the year counts, the first of the next does not.
      await insert('E07', 'mini', at('Y-12-31', '23:59'), 0.9);
      await insert('E07', 'mini-b', at('Y1-01-01', '00:00'), 0.9);

      // An appeal upheld: the real adjustment path (server/ledger), not a table edit.
      const adjusted = await t.app.inject({
        method: 'POST',
        url: `/api/v1/attempts/${adjustedAttempt}/adjustments`,
        headers: t.admin,
        payload: { scaled: 0.85, passed: true, reason: '复核后确认第二题评分有误，更正成绩。' },
      });
      expect(adjusted.statusCode, adjusted.body).toBe(201);
    }, 120_000);

    afterAll(async () => {
      await t?.close();
    });

    it('gives every learner the hand-computed standing under the current policy (best retake)', async () => {
      const r = await report(`period=${YEAR}`);
      expect(r.policy.version).toBe('T.2');
      expect(r.period).toMatchObject({ id: String(YEAR), start: `${YEAR}-01-01`, end: `${YEAR}-12-31` });
      // Admins without results are left out; the trainer is in.
      expect(r.learners.map((l) => l.username)).toEqual(['E01', 'E02', 'E04', 'E05', 'E06', 'E07', 'E03', 'T01']);
      expect(r.departments).toEqual(['办公室', '大数据局', '培训中心']);
      expect(r.ranks).toEqual(['处长', '科员']);
      expect(r.summary).toEqual({ learners: 8, meets: 3, short: 5 });

      const e01 = byId(r, 'E01');
      expect(e01?.standing).toMatchObject({ requiredHours: 2, earnedHours: 3, meets: true, statuses: [{ kind: 'meets' }] });
      expect(e01?.standing.courses.find((c) => c.courseId === 'mini')?.counted?.scaled).toBe(1);
      // Competency: the counted mini run (full marks: protect 14 of 14 — hazards 10, grading 4 —
      // and law 8 of 8) plus mini-b's (copied from it), summed by dimension.
      expect(e01?.competency).toEqual([
        { dimensionId: 'protect', label: { 'zh-CN': '数据保护', en: 'Data protection' }, score: 28, max: 28, scaled: 1 },
        { dimensionId: 'law', label: { 'zh-CN': '合法依据', en: 'Lawful basis' }, score: 16, max: 16, scaled: 1 },
      ]);

      expect(byId(r, 'E02')?.standing.statuses).toEqual<StandingStatus[]>([{ kind: 'short-hours', hours: 2 }]);
      expect(byId(r, 'E02')?.standing).toMatchObject({ requiredHours: 3, earnedHours: 1 });
      expect(byId(r, 'E03')?.standing.statuses).toEqual<StandingStatus[]>([
        { kind: 'missing-course', courseId: 'mini-b' },
        { kind: 'short-hours', hours: 1 },
      ]);
      expect(byId(r, 'E04')?.standing.statuses).toEqual<StandingStatus[]>([
        { kind: 'below-minimum-score', courseId: 'mini', scaled: 0.75, minimum: 0.8, passed: true },
      ]);
      expect(byId(r, 'E04')?.standing.earnedHours).toBe(2);
      // Retake: best of 0.9 (March) and 0.5 (June) counts.
      const e05 = byId(r, 'E05');
      expect(e05?.standing.meets).toBe(true);
      expect(e05?.standing.courses.find((c) => c.courseId === 'mini')).toMatchObject({
        attempts: 2,
        counted: { scaled: 0.9 },
        finishedAt: new Date(at('Y-03-01')).toISOString(),
      });
      // Adjusted: the grader's failing result was corrected to 0.85 and passed.
      expect(originalScaled).toBeLessThan(0.7);
      const e06mini = byId(r, 'E06')?.standing.courses.find((c) => c.courseId === 'mini');
      expect(e06mini?.counted).toMatchObject({ attemptId: adjustedAttempt, scaled: 0.85, passed: true });
      expect(byId(r, 'E06')?.standing.meets).toBe(true);
      // Boundary: only the 23:59 result of 31 December counts this year.
      expect(byId(r, 'E07')?.standing.courses.map((c) => c.courseId)).toEqual(['mini']);
      expect(byId(r, 'E07')?.standing.statuses).toEqual<StandingStatus[]>([{ kind: 'short-hours', hours: 1 }]);
      expect(byId(r, 'T01')?.standing.statuses.map((s) => s.kind)).toEqual(['missing-course', 'missing-course', 'short-hours']);
      expect(byId(r, 'T01')?.role).toBe('trainer');
    });

    it('re-runs under an older policy version (latest retake, lower bar)', async () => {
      const r = await report(`period=${YEAR}&policyVersion=T.1`);
      expect(r.policy.version).toBe('T.1');
      expect(byId(r, 'E05')?.standing.statuses).toEqual<StandingStatus[]>([
        { kind: 'below-minimum-score', courseId: 'mini', scaled: 0.5, minimum: 0.6, passed: false },
      ]);
      expect(kinds(byId(r, 'E02'))).toEqual(['meets']);
      expect(kinds(byId(r, 'E04'))).toEqual(['meets']);
      expect(byId(r, 'T01')?.standing.statuses).toEqual<StandingStatus[]>([
        { kind: 'missing-course', courseId: 'mini' },
        { kind: 'short-hours', hours: 1 },
      ]);
    });

    it('counts a result at 00:00 on 1 January in the next year only', async () => {
      const r = await report(`period=${YEAR + 1}`);
      const e07 = byId(r, 'E07');
      expect(e07?.standing.courses.map((c) => [c.courseId, c.attempts])).toEqual([
        ['mini', 0],
        ['mini-b', 1],
      ]);
      expect(e07?.standing.earnedHours).toBe(2);
      expect(e07?.standing.statuses).toEqual<StandingStatus[]>([{ kind: 'missing-course', courseId: 'mini' }]);
    });

    it('filters by department, rank and status, alone and together', async () => {
      expect((await report(`period=${YEAR}&department=大数据局`)).learners.map((l) => l.username)).toEqual(['E03']);
      expect((await report(`period=${YEAR}&rank=处长`)).learners.map((l) => l.username)).toEqual(['E02']);
      const meets = await report(`period=${YEAR}&status=meets`);
      expect(meets.learners.map((l) => l.username)).toEqual(['E01', 'E05', 'E06']);
      expect(meets.summary).toEqual({ learners: 3, meets: 3, short: 0 });
      expect(meets.filters).toEqual({ department: null, rank: null, status: 'meets' });
      expect((await report(`period=${YEAR}&status=short`)).learners.map((l) => l.username)).toEqual([
        'E02',
        'E04',
        'E07',
        'E03',
        'T01',
      ]);
      const both = await report(`period=${YEAR}&department=${encodeURIComponent('办公室')}&status=short`);
      expect(both.learners.map((l) => l.username)).toEqual(['E02', 'E04', 'E07']);
      // The filter lists still name every department and rank.
      expect(both.departments).toHaveLength(3);
    });

    it('answers 400 naming the parameter for an unknown period, version, status or format', async () => {
      for (const [query, word] of [
        ['period=1999', 'period'],
        ['policyVersion=9.9', 'policyVersion'],
        ['status=maybe', 'status'],
        ['format=pdf', 'format'],
        ['lang=fr', 'lang'],
        ['colour=red', 'colour'],
      ] as const) {
        const response = await get(`/api/v1/reports/promotion?${query}`);
        expect(response.statusCode, query).toBe(400);
        expect(response.json<{ message: string }>().message).toContain(word);
      }
    });

    it('carries a ledger head signed by the ledger key, in the body and the headers', async () => {
      const response = await get(`/api/v1/reports/promotion?period=${YEAR}`);
      const r = response.json<PromotionReport>();
      expect(t.signer.verify(r.ledgerHead)).toBe(true);
      expect(t.signer.verify({ ...r.ledgerHead, seq: r.ledgerHead.seq + 1 })).toBe(false);
      expect(response.headers['x-shixun-policy-version']).toBe('T.2');
      expect(response.headers['x-shixun-ledger-signature']).toBe(r.ledgerHead.signature);
      expect(response.headers['x-shixun-ledger-head']).toBe(
        `seq=${r.ledgerHead.seq}; hash=${r.ledgerHead.hash}; signedAt=${r.ledgerHead.signedAt}; keyId=${t.signer.keyId}`,
      );
    });

    it('gives the same rows as CSV with a BOM, Chinese headers, and the ledger head after the rows', async () => {
      const json = await report(`period=${YEAR}`);
      const response = await get(`/api/v1/reports/promotion?period=${YEAR}&format=csv`);
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
      const disposition = String(response.headers['content-disposition']);
      expect(disposition).toContain(`attachment; filename="shixun-promotion-${YEAR}-policy-T.2.csv"`);
      expect(decodeURIComponent(disposition.split("filename*=UTF-8''")[1] ?? '')).toBe(`培训达标报告-${YEAR} 年度-政策T.2.csv`);
      expect([...response.rawPayload.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);

      const rows = parseCsv(response.rawPayload.subarray(3).toString('utf8'));
      const header = rows[0] ?? [];
      expect(header.slice(0, 9)).toEqual([
        '工号',
        '用户名',
        '姓名',
        '部门',
        '职级',
        '应修学时',
        '已获学时',
        '是否达标',
        '情况说明',
      ]);
      expect(header.slice(9)).toEqual([
        '迷你课程 成绩(%)',
        '迷你课程 完成时间',
        '迷你课程乙 成绩(%)',
        '迷你课程乙 完成时间',
        '政策版本',
        '账本核对',
        '联合演练次数',
        '联合演练是否达标',
        '获得荣誉',
      ]);
      const blank = rows.findIndex((row) => row.length === 1 && row[0] === '');
      const learners = rows.slice(1, blank);
      expect(learners.map((row) => row[1])).toEqual(json.learners.map((l) => l.username));
      const row = (id: string) => learners.find((r) => r[0] === id) ?? [];
      expect(row('E01')).toEqual([
        'E01',
        'E01',
        '张一',
        '办公室',
        '科员',
        '2',
        '3',
        '是',
        '达标',
        '100',
        expect.stringMatching(new RegExp(`^${YEAR}-\\d{2}-\\d{2} \\d{2}:\\d{2}$`)),
        '90',
        `${YEAR}-04-01 10:00`,
        'T.2',
        // This test seeds its mini-b results straight into the tables, around the ledger: marked.
        '账本不符：missing mini-b: no ledger entry records this result',
        // No joint exercise, and the test policy requires none.
        '0',
        '无要求',
        // No honour awarded in this report's period.
        '',
      ]);
      expect(row('E03')[8]).toBe('缺课程：迷你课程乙；差 1 学时');
      expect(row('E04')[8]).toBe('低于最低分：迷你课程（75% < 80%）');
      expect(row('E07').slice(9, 13)).toEqual(['90', `${YEAR}-12-31 23:59`, '', '']);
      expect(row('T01').slice(0, 5)).toEqual(['T01', 'T01', '吴老师', '培训中心', '']);

      const about = Object.fromEntries(
        rows
          .slice(blank + 1)
          .filter((r) => r.length === 2)
          .map(([k, v]) => [k, v]),
      );
      expect(about['政策版本']).toBe('T.2');
      const head = {
        seq: Number(about['账本链头序号']),
        hash: about['账本链头哈希'] ?? '',
        signedAt: about['链头签名时间'] ?? '',
        signature: about['链头签名（Ed25519）'] ?? '',
        keyId: about['签名密钥编号'] ?? '',
        origin: about['账本名称'] ?? '',
        root: about['账本默克尔根'] ?? '',
        note: about['账本检查点（签名文本）'] ?? '',
      };
      expect(t.signer.verify(head)).toBe(true);
      expect(head.keyId).toBe(t.signer.keyId);
      // A base64 signature may begin with "+": the CSV cell carries the spreadsheet guard (a leading
      // apostrophe) like every other text cell, and readers drop it before verifying.
      expect(head.signature).toBe(defuseFormula(String(response.headers['x-shixun-ledger-signature'])));
    });

    it('writes English headers and status text with lang=en', async () => {
      const response = await get(
        `/api/v1/reports/promotion?period=${YEAR}&format=csv&lang=en&department=${encodeURIComponent('大数据局')}`,
      );
      const rows = parseCsv(response.rawPayload.subarray(3).toString('utf8'));
      expect(rows[0]?.slice(0, 3)).toEqual(['Employee ID', 'Username', 'Name']);
      expect(rows[1]?.[8]).toBe('Missing course: Mini course B; 1 hour short');
      expect(rows.slice(3).find((r) => r[0] === 'Department filter')?.[1]).toBe('大数据局');
    });

    it('gives the same rows as XLSX, numbers as numbers and times as dates, with an About sheet holding the head', async () => {
      const csv = parseCsv(
        (await get(`/api/v1/reports/promotion?period=${YEAR}&format=csv`)).rawPayload.subarray(3).toString('utf8'),
      );
      const response = await get(`/api/v1/reports/promotion?period=${YEAR}&format=xlsx`);
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      expect(String(response.headers['content-disposition'])).toContain('.xlsx"');
      const sheets = await readXlsxFile(response.rawPayload);
      expect(sheets.map((s) => s.sheet)).toEqual([LEARNERS_SHEET, ABOUT_SHEET, HONOURS_SHEET]);
      const data = sheets[0]?.data ?? [];
      expect(data[0]).toEqual(csv[0]);
      const e01 = data.find((r) => r[0] === 'E01') ?? [];
      expect(e01.slice(5, 7)).toEqual([2, 3]);
      expect(e01[9]).toBe(100);
      const finished: unknown = e01[12];
      expect(finished).toBeInstanceOf(Date);
      expect((finished as Date).toISOString()).toBe(`${YEAR}-04-01T10:00:00.000Z`);
      // Every learner row says the same as the CSV row, cell by cell.
      const csvLearners = csv.slice(1, 1 + data.length - 1);
      data.slice(1).forEach((xlsxRow, i) => {
        // A spreadsheet date is a fraction of a day, read back within a second of the time (early
        // or, where the file rounds to seconds, late); the CSV shows the whole minute it falls in.
        const minute = (ms: number) => new Date(Math.floor(ms / 60_000) * 60_000).toISOString().slice(0, 16).replace('T', ' ');
        const text = xlsxRow.map((cell, column) => {
          if (cell === null) return '';
          if (!(cell instanceof Date)) return String(cell);
          const near = [minute(cell.getTime() + 1), minute(cell.getTime() - 1_000)];
          const shown = csvLearners[i]?.[column];
          return shown !== undefined && near.includes(shown) ? shown : near[0];
        });
        expect(text).toEqual(csvLearners[i]);
      });
      const about = new Map((sheets[1]?.data ?? []).map((r) => [String(r[0]), String(r[1])]));
      const head = {
        seq: Number(about.get('账本链头序号')),
        hash: about.get('账本链头哈希') ?? '',
        signedAt: about.get('链头签名时间') ?? '',
        signature: about.get('链头签名（Ed25519）') ?? '',
        keyId: about.get('签名密钥编号') ?? '',
        origin: about.get('账本名称') ?? '',
        root: about.get('账本默克尔根') ?? '',
        // Spreadsheet readers drop a cell's final newline; the note ends in one.
        note: (about.get('账本检查点（签名文本）') ?? '').replace(/\n?$/, '\n'),
      };
      expect(t.signer.verify(head)).toBe(true);
      expect(about.get('统计期间')).toBe(`${YEAR} 年度 (${YEAR}-01-01 – ${YEAR}-12-31)`);
      expect(about.get('部门筛选')).toBe('全部');
    });
  });
}
