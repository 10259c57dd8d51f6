// The training policy in the database: every version ever in force, stored whole and never edited,
// imported from config/training-policy.yaml at start and added by admins (PUT /api/v1/policy).
// Versions never change, so each is parsed once and kept in memory; which one is current is read
// from the database every time, so several server processes agree.
import type { Kysely, Selectable } from 'kysely';
import { Document, isMap, isNode, isSeq, parseDocument } from 'yaml';
import type { Localized } from '../../src/course/schema.ts';
import { formatPath, type CourseProblem } from '../../src/course/problems.ts';
import { parsePolicyOrThrow, parsePolicyText } from '../../src/policy/parse.ts';
import type { Policy } from '../../src/policy/schema.ts';
import { policyVersion } from '../../src/policy/validate.ts';
import type { PolicyVersionInfo, PolicyVersions } from '../../src/contracts/report-types.ts';
import type { DatabaseSchema } from '../db/schema.ts';
import { canonicalJson } from '../xapi/canonical-json.ts';
import type { PolicyVersionsTable } from './tables.ts';

type Row = Selectable<PolicyVersionsTable>;

/** `created_by` of versions read from the policy file. */
export const CONFIG_AUTHOR = 'config';

/** A problem as the API answers it: the field as a path authors read (`periods[0].end`). */
export interface PolicyProblem {
  readonly path: string;
  readonly message: string;
}

export type AddPolicyResult =
  | { readonly kind: 'stored'; readonly info: PolicyVersionInfo }
  | { readonly kind: 'invalid'; readonly problems: readonly PolicyProblem[] }
  | { readonly kind: 'exists'; readonly version: string };

export interface StoredPolicy {
  readonly policy: Policy;
  readonly info: PolicyVersionInfo;
}

/**
 * Each version of a policy file as its own YAML text (the file's format without `history`), top
 * version first. Comments inside a version are kept; the file's opening comment is not.
 */
export function splitPolicyFile(text: string): { readonly version: string; readonly yaml: string }[] {
  const doc = parseDocument(text);
  const history = doc.get('history', true);
  const top = doc.clone();
  top.delete('history');
  // The file's opening comment is about the file (and its history), not about this version.
  top.commentBefore = null;
  if (isMap(top.contents)) {
    top.contents.commentBefore = null;
    const first = top.contents.items[0]?.key;
    if (isNode(first)) first.commentBefore = null;
  }
  const texts = [top.toString({ lineWidth: 0 })];
  if (isSeq(history)) for (const item of history.items) texts.push(new Document(item).toString({ lineWidth: 0 }));
  return texts.map((yaml) => ({ version: String(parseDocument(yaml).get('version')), yaml }));
}

export class PolicyStore {
  readonly #db: Kysely<DatabaseSchema>;
  readonly #now: () => number;
  readonly #parsed = new Map<string, Policy>();

  constructor(db: Kysely<DatabaseSchema>, now: () => number = Date.now) {
    this.#db = db;
    this.#now = now;
  }

  /**
   * Stores every version of the policy file the database lacks (a bad file fails the start with
   * every problem listed). A newly stored top version becomes current: editing the file and
   * restarting is the other way, beside PUT /api/v1/policy, to put a new version in force.
   */
  async importFile(
    text: string,
    fileName: string,
  ): Promise<{ readonly imported: readonly string[]; readonly differing: readonly string[] }> {
    parsePolicyOrThrow(text, fileName);
    const now = new Date(this.#now()).toISOString();
    const imported: string[] = [];
    const differing: string[] = [];
    for (const [index, { version, yaml }] of splitPolicyFile(text).entries()) {
      const policy = parseOne(version, yaml);
      const result = await this.#db
        .insertInto('policy_versions')
        .values({
          version,
          adopted: policy.adopted,
          yaml,
          created_by: CONFIG_AUTHOR,
          created_at: now,
          made_current_at: index === 0 ? now : null,
        })
        .onConflict((conflict) => conflict.column('version').doNothing())
        .executeTakeFirst();
      if (Number(result.numInsertedOrUpdatedRows ?? 0) > 0) {
        imported.push(version);
        continue;
      }
      // Stored before: the stored rules stay. Say so if the file now gives that name other rules.
      const stored = await this.get(version);
      if (stored !== undefined && canonicalJson(stored.policy) !== canonicalJson(policy)) differing.push(version);
    }
    return { imported, differing };
  }

  /** Validates `yaml` (course ids against `knownCourseIds`), stores it and makes it current. */
  async add(yaml: string, createdBy: string, knownCourseIds: readonly string[]): Promise<AddPolicyResult> {
    const parsed = parsePolicyText(yaml, { knownCourseIds });
    if (!parsed.ok) return { kind: 'invalid', problems: parsed.problems.map(toApiProblem) };
    if (parsed.file.history !== undefined) {
      return {
        kind: 'invalid',
        problems: [
          {
            path: 'history',
            message:
              'send one version without `history`: the server keeps every earlier version itself, so remove the history list',
          },
        ],
      };
    }
    const policy = parsed.file;
    const now = new Date(this.#now()).toISOString();
    const result = await this.#db
      .insertInto('policy_versions')
      .values({
        version: policy.version,
        adopted: policy.adopted,
        yaml,
        created_by: createdBy,
        created_at: now,
        made_current_at: now,
      })
      .onConflict((conflict) => conflict.column('version').doNothing())
      .executeTakeFirst();
    if (Number(result.numInsertedOrUpdatedRows ?? 0) === 0) return { kind: 'exists', version: policy.version };
    this.#parsed.set(policy.version, policy);
    const row = await this.#row(policy.version);
    if (row === undefined) throw new Error(`policy version ${policy.version} vanished right after it was stored`);
    return { kind: 'stored', info: this.#info(row) };
  }

  /** The version in force and every stored version, newest first. */
  async versions(): Promise<PolicyVersions> {
    const rows = await this.#db
      .selectFrom('policy_versions')
      .selectAll()
      .orderBy('adopted', 'desc')
      .orderBy('created_at', 'desc')
      .orderBy('version', 'desc')
      .execute();
    const current = currentRow(rows);
    if (current === undefined)
      throw new Error('no training policy is stored: the server imports config/training-policy.yaml at start');
    return { current: this.#info(current), versions: rows.map((row) => this.#info(row)) };
  }

  /** A stored version by name (undefined when there is none), or the current one. */
  async get(version?: string): Promise<StoredPolicy | undefined> {
    let row: Row | undefined;
    if (version === undefined) {
      row = await this.#db
        .selectFrom('policy_versions')
        .selectAll()
        .where('made_current_at', 'is not', null)
        .orderBy('made_current_at', 'desc')
        .orderBy('created_at', 'desc')
        .orderBy('version', 'desc')
        .limit(1)
        .executeTakeFirst();
      row ??= await this.#db
        .selectFrom('policy_versions')
        .selectAll()
        .orderBy('adopted', 'desc')
        .orderBy('created_at', 'desc')
        .limit(1)
        .executeTakeFirst();
    } else {
      row = await this.#row(version);
    }
    if (row === undefined) return undefined;
    return { policy: this.#parse(row.version, row.yaml), info: this.#info(row) };
  }

  /** Names of every stored version, for messages. */
  async names(): Promise<string[]> {
    const rows = await this.#db.selectFrom('policy_versions').select('version').orderBy('adopted', 'desc').execute();
    return rows.map((row) => row.version);
  }

  #row(version: string): Promise<Row | undefined> {
    return this.#db.selectFrom('policy_versions').selectAll().where('version', '=', version).executeTakeFirst();
  }

  /** The stored version's rules; versions never change, so each is parsed once. */
  #parse(version: string, yaml: string): Policy {
    const cached = this.#parsed.get(version);
    if (cached !== undefined) return cached;
    const policy = parseOne(version, yaml);
    this.#parsed.set(version, policy);
    return policy;
  }

  #info(row: Row): PolicyVersionInfo {
    const policy = this.#parse(row.version, row.yaml);
    const note: Localized | null = policy.note ?? null;
    return {
      version: row.version,
      adopted: row.adopted,
      note,
      yaml: row.yaml,
      createdBy: row.created_by,
      createdAt: row.created_at,
    };
  }
}

function parseOne(version: string, yaml: string): Policy {
  const policy = policyVersion(parsePolicyOrThrow(yaml, `policy version ${version}`));
  if (policy === undefined) throw new Error(`policy version ${version} holds no policy`);
  return policy;
}

/** The version made current last; ties (one millisecond) go to the later stored, then the higher name. */
function currentRow(rows: readonly Row[]): Row | undefined {
  let best: Row | undefined;
  for (const row of rows) {
    if (row.made_current_at === null) continue;
    if (best?.made_current_at == null || compareCurrent(row, best) > 0) best = row;
  }
  return best ?? rows[0];
}

function compareCurrent(a: Row, b: Row): number {
  const order = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  return (
    order(a.made_current_at ?? '', b.made_current_at ?? '') || order(a.created_at, b.created_at) || order(a.version, b.version)
  );
}

function toApiProblem(problem: CourseProblem): PolicyProblem {
  return { path: formatPath(problem.path), message: problem.message };
}
