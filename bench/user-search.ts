// The admin's user list over 10,000 users: the real accounts routes (in process, SQLite in a temp
// file; PostgreSQL with SHIXUN_BENCH_DATABASE_URL… not needed: the same indexes serve both) answer
// the searches an admin makes: the first page, a name search, a department and rank filter, a
// status filter, a later page sorted by name. Part of `npm run bench`, or alone:
// `npx tsx bench/user-search.ts`.
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hashGeneratedSecret } from '../server/accounts/secrets.ts';
import { usernameKey } from '../server/accounts/migration.ts';
import { signedIn, startAccountsApp } from '../server/accounts/test-support/accounts-test-app.ts';
import { TEST_DATABASES } from '../server/db/test-databases.ts';
import { percentile } from './stats.ts';

export interface UserSearchResult {
  readonly users: number;
  readonly requests: number;
  readonly p50: number;
  readonly p95: number;
  readonly max: number;
}

const DEPARTMENTS = ['办公室', '数据管理处', '信息中心', '法规处', '财务处', '人事处', '安全处', '政务服务处'];
const RANKS = ['科员', '副主任科员', '主任科员', '副处长', '处长'];
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '磊', '洋', '婷', '强', '军', '杰', '霞'];
const ADMIN_PASSWORD = 'bench-admin-password-1';

/** The searches, each `rounds` times, after one warm-up round. */
export async function measureUserSearch(users = 10_000, rounds = 20): Promise<UserSearchResult> {
  {
    const t = await startAccountsApp(TEST_DATABASES[0]!, { adminPassword: ADMIN_PASSWORD });
    try {
      const hash = await hashGeneratedSecret('bench-learner-password-1');
      const rows = Array.from({ length: users }, (_, i) => {
        const username = `B${String(i + 1).padStart(6, '0')}`;
        return {
          id: randomUUID(),
          username,
          username_key: usernameKey(username),
          name: `${SURNAMES[i % SURNAMES.length]!}${GIVEN[(i * 7) % GIVEN.length]!}${i % 3 === 0 ? GIVEN[i % GIVEN.length]! : ''}`,
          role: i % 50 === 0 ? 'trainer' : 'learner',
          employee_id: username,
          department: DEPARTMENTS[i % DEPARTMENTS.length]!,
          rank: RANKS[i % RANKS.length]!,
          password_hash: hash,
          created: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(),
          disabled: i % 97 === 0 ? 1 : 0,
        };
      });
      for (let start = 0; start < rows.length; start += 500)
        await t.database.db
          .insertInto('users')
          .values(rows.slice(start, start + 500))
          .execute();
      const admin = await signedIn(t.app, 'admin', ADMIN_PASSWORD);
      const queries: Record<string, string>[] = [
        {},
        { q: '王芳' },
        { q: 'b0042' },
        { department: '信息中心', rank: '主任科员' },
        { status: 'disabled' },
        { sort: 'name', page: '40' },
        { q: '李', department: '法规处', pageSize: '200' },
      ];
      const times: number[] = [];
      const byQuery = new Map<string, number[]>();
      for (let round = 0; round <= rounds; round++) {
        for (const query of queries) {
          const began = performance.now();
          const response = await t.app.inject({ url: '/api/v1/admin/users', query, headers: admin });
          const took = performance.now() - began;
          if (response.statusCode !== 200) throw new Error(`search ${JSON.stringify(query)} answered ${response.statusCode}`);
          if (round > 0) times.push(took);
          if (round > 0 && process.env.SHIXUN_BENCH_VERBOSE)
            byQuery.set(JSON.stringify(query), [...(byQuery.get(JSON.stringify(query)) ?? []), took]);
        }
      }
      for (const [query, list] of byQuery) process.stderr.write(`${query}: p50 ${percentile(list, 0.5).toFixed(1)} ms\n`);
      return {
        users,
        requests: times.length,
        p50: percentile(times, 0.5),
        p95: percentile(times, 0.95),
        max: Math.max(...times),
      };
    } finally {
      await t.close();
    }
  }
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  measureUserSearch()
    .then((result) => {
      process.stdout.write(
        `user search over ${result.users} users: p50 ${result.p50.toFixed(1)} ms, p95 ${result.p95.toFixed(1)} ms, max ${result.max.toFixed(1)} ms (${result.requests} requests)\n`,
      );
    })
    .catch((error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    });
}
