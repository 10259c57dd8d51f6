// Test table: malformed statements made from one valid rich statement by breaking one rule at
// a time — unknown properties, identifiers, IRIs, language maps, agents, interactions, results,
// context, times, attachments — each with the path where the LRS must report the problem.
import { richStatement, VERBS } from './statements.ts';

export type Path = readonly (string | number)[];
export const DELETE = Symbol('delete');

export interface MalformedCase {
  readonly name: string;
  readonly statement: unknown;
  /** The reported issue path must lie on this path (at it, above it or below it). */
  readonly path: string;
}

export function pathText(path: Path): string {
  return path.reduce<string>((text, key) => (typeof key === 'number' ? `${text}[${key}]` : `${text}.${key}`), 'statement');
}

/** A copy of `base` with the value at `path` replaced (or deleted). */
export function mutate(base: unknown, path: Path, value: unknown): unknown {
  const copy = structuredClone(base) as Record<string | number, unknown>;
  let node: Record<string | number, unknown> = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = path.at(-1) as string | number;
  if (value === DELETE) delete node[last];
  else node[last] = value;
  return copy;
}

const OBJECT_PATHS: Path[] = [
  [],
  ['actor'],
  ['actor', 'account'],
  ['verb'],
  ['object'],
  ['object', 'definition'],
  ['object', 'definition', 'choices', 0],
  ['result'],
  ['result', 'score'],
  ['context'],
  ['context', 'instructor'],
  ['context', 'team'],
  ['context', 'team', 'member', 0],
  ['context', 'contextActivities'],
  ['context', 'contextActivities', 'parent', 0],
  ['context', 'contextAgents', 0],
  ['context', 'contextAgents', 0, 'agent'],
  ['context', 'contextGroups', 0],
  ['context', 'contextGroups', 0, 'group'],
  ['context', 'statement'],
];
const REQUIRED: Path[] = [
  ['actor'],
  ['verb'],
  ['object'],
  ['verb', 'id'],
  ['object', 'id'],
  ['actor', 'account'],
  ['actor', 'account', 'homePage'],
  ['actor', 'account', 'name'],
  ['context', 'statement', 'id'],
  ['context', 'statement', 'objectType'],
  ['context', 'contextAgents', 0, 'agent'],
  ['context', 'contextAgents', 0, 'objectType'],
  ['context', 'contextGroups', 0, 'group'],
  ['context', 'contextGroups', 0, 'objectType'],
  ['object', 'definition', 'choices', 0, 'id'],
  ['context', 'team', 'objectType'],
];
const UUID_PATHS: Path[] = [['id'], ['context', 'registration'], ['context', 'statement', 'id']];
const BAD_UUIDS = [
  'abc',
  '',
  123,
  '6690e6c9-3ef0-4ed3-8b37-7f3964730bee-1',
  '6690e6c93ef04ed38b377f3964730bee',
  '00000000-0000-0000-0000-000000000000',
  '6690e6c9-3ef0-4ed3-cb37-7f3964730bee',
  'g690e6c9-3ef0-4ed3-8b37-7f3964730bee',
];
const IRI_PATHS: Path[] = [
  ['verb', 'id'],
  ['object', 'id'],
  ['object', 'definition', 'type'],
  ['context', 'contextActivities', 'parent', 0, 'id'],
  ['context', 'contextAgents', 0, 'relevantTypes', 0],
];
const BAD_IRIS = [
  'not an iri',
  'answered',
  '',
  'http://',
  'http://exa mple.com/x',
  'http://example.com/%zz',
  123,
  null,
  '/relative/path',
  'http://example.com/<x>',
];
const IRL_PATHS: Path[] = [
  ['object', 'definition', 'moreInfo'],
  ['actor', 'account', 'homePage'],
];
const BAD_IRLS = ['nope', '', 'www.example.com', 42];
const LANGUAGE_MAP_PATHS: Path[] = [
  ['verb', 'display'],
  ['object', 'definition', 'name'],
  ['object', 'definition', 'description'],
  ['object', 'definition', 'choices', 0, 'description'],
];
const BAD_LANGUAGE_MAPS = [
  { 'not a tag!': 'x' },
  { en_US: 'x' },
  { toolongsubtag123: 'x' },
  { en: 5 },
  { en: null },
  'English',
  ['en'],
  { 'zh-CN-': 'x' },
  { '-en': 'x' },
  { 'en--US': 'x' },
];
const BAD_TIMESTAMPS = [
  '2026-13-01T00:00:00Z',
  '2026-02-30T00:00:00Z',
  '2026-05-01 09:30:00Z',
  '2026-05-01T09:30:00',
  '2026-05-01T25:00:00Z',
  '2026-05-01T09:30:00-00:00',
  'yesterday',
  1714550000,
  '2026-05-01',
  '2026-05-01T09:60:00Z',
];
const BAD_DURATIONS = ['1 minute', 'PT', 'P', 'PT1M30', '90', 'P1Y2M3DT', 'PT-5S', 5];

const ATTACHMENT = {
  usageType: 'https://shixun.test/attachments/evidence',
  display: { en: 'Evidence' },
  contentType: 'text/plain',
  length: 4,
  sha2: 'a'.repeat(64),
  fileUrl: 'https://shixun.test/files/evidence.txt',
};
const agentObject = { objectType: 'Agent', mbox: 'mailto:object@example.gov.cn' };
const subStatement = {
  objectType: 'SubStatement',
  actor: { mbox: 'mailto:sub@example.gov.cn' },
  verb: { id: VERBS.completed },
  object: { id: 'https://shixun.test/a' },
};

/** Named single changes, beyond the per-format sweeps. */
const SPECIFIC: Array<[string, Path, unknown, Path?]> = [
  ['actor without an identifier', ['actor'], { name: 'Nobody' }],
  ['instructor without an identifier', ['context', 'instructor'], { name: 'Nobody' }],
  ['group member without an identifier', ['context', 'team', 'member', 0], { name: 'Nobody' }],
  ['context agent without an identifier', ['context', 'contextAgents', 0, 'agent'], { name: 'Nobody' }],
  ['actor with two identifiers', ['actor'], { mbox: 'mailto:a@example.gov.cn', openid: 'https://id.example.com/a' }],
  [
    'instructor with two identifiers',
    ['context', 'instructor'],
    { mbox: 'mailto:a@example.gov.cn', mbox_sha1sum: 'a'.repeat(40) },
  ],
  ['mbox without mailto', ['actor'], { mbox: 'li@example.gov.cn' }, ['actor', 'mbox']],
  ['mbox without address', ['actor'], { mbox: 'mailto:' }, ['actor', 'mbox']],
  ['mbox without @', ['actor'], { mbox: 'mailto:no-at-sign' }, ['actor', 'mbox']],
  ['mbox with a space', ['actor'], { mbox: 'MAILTO li@example.gov.cn' }, ['actor', 'mbox']],
  ['mbox_sha1sum not hex', ['actor'], { mbox_sha1sum: 'xyz' }, ['actor', 'mbox_sha1sum']],
  ['mbox_sha1sum of 39 digits', ['actor'], { mbox_sha1sum: 'a'.repeat(39) }, ['actor', 'mbox_sha1sum']],
  ['mbox_sha1sum with non-hex', ['actor'], { mbox_sha1sum: 'g'.repeat(40) }, ['actor', 'mbox_sha1sum']],
  ['openid not an IRI', ['actor'], { openid: 'not-a-uri' }, ['actor', 'openid']],
  ['account name not a string', ['actor', 'account', 'name'], 5],
  ['account as a string', ['actor', 'account'], 'E1024'],
  ['actor objectType Person', ['actor', 'objectType'], 'Person'],
  ['actor objectType in lower case', ['actor', 'objectType'], 'agent'],
  ['actor name not a string', ['actor', 'name'], 5],
  ['anonymous group without members', ['actor'], { objectType: 'Group', name: 'Cohort' }, ['actor', 'member']],
  ['anonymous group with no members', ['actor'], { objectType: 'Group', member: [] }, ['actor', 'member']],
  ['group member list not an array', ['context', 'team', 'member'], { mbox: 'mailto:x@example.gov.cn' }],
  ['group inside a group', ['context', 'team', 'member', 0], { objectType: 'Group', mbox: 'mailto:g@example.gov.cn' }],
  ['group with two identifiers', ['context', 'team', 'openid'], 'https://id.example.com/team', ['context', 'team']],
  ['team that is an Agent', ['context', 'team'], { objectType: 'Agent', mbox: 'mailto:t@example.gov.cn' }],
  ['agent object without objectType', ['object'], { mbox: 'mailto:object@example.gov.cn' }],
  ['verb as a string', ['verb'], VERBS.answered],
  ['object of unknown type', ['object', 'objectType'], 'Thing'],
  ['object null', ['object'], null],
  ['StatementRef without id', ['object'], { objectType: 'StatementRef' }, ['object', 'id']],
  ['StatementRef with an IRI id', ['object'], { objectType: 'StatementRef', id: 'https://shixun.test/s/1' }, ['object', 'id']],
  ['SubStatement inside a SubStatement', ['object'], { ...subStatement, object: { ...subStatement } }, ['object', 'object']],
  ['SubStatement with an id', ['object'], { ...subStatement, id: '6690e6c9-3ef0-4ed3-8b37-7f3964730bee' }, ['object', 'id']],
  ['SubStatement with stored', ['object'], { ...subStatement, stored: '2026-05-01T00:00:00Z' }, ['object', 'stored']],
  [
    'SubStatement with authority',
    ['object'],
    { ...subStatement, authority: { mbox: 'mailto:a@example.gov.cn' } },
    ['object', 'authority'],
  ],
  ['SubStatement with version', ['object'], { ...subStatement, version: '2.0.0' }, ['object', 'version']],
  [
    'SubStatement without actor',
    ['object'],
    { objectType: 'SubStatement', verb: { id: VERBS.completed }, object: { id: 'https://shixun.test/a' } },
    ['object', 'actor'],
  ],
  ['SubStatement with a bad timestamp', ['object'], { ...subStatement, timestamp: 'now' }, ['object', 'timestamp']],
  ['unknown interactionType', ['object', 'definition', 'interactionType'], 'multiple-choice'],
  ['choices on a true-false interaction', ['object', 'definition', 'interactionType'], 'true-false', ['object', 'definition']],
  ['choices on a likert interaction', ['object', 'definition', 'interactionType'], 'likert', ['object', 'definition']],
  ['choices on a matching interaction', ['object', 'definition', 'interactionType'], 'matching', ['object', 'definition']],
  ['choices on a performance interaction', ['object', 'definition', 'interactionType'], 'performance', ['object', 'definition']],
  ['choices on a numeric interaction', ['object', 'definition', 'interactionType'], 'numeric', ['object', 'definition']],
  ['choices on a fill-in interaction', ['object', 'definition', 'interactionType'], 'fill-in', ['object', 'definition']],
  ['scale on a choice interaction', ['object', 'definition', 'scale'], [{ id: 'likely' }]],
  ['source on a choice interaction', ['object', 'definition', 'source'], [{ id: 's1' }]],
  ['steps on a choice interaction', ['object', 'definition', 'steps'], [{ id: 'step1' }]],
  ['choices without interactionType', ['object', 'definition', 'interactionType'], DELETE, ['object', 'definition']],
  ['duplicate choice ids', ['object', 'definition', 'choices', 1, 'id'], 'id-card', ['object', 'definition', 'choices']],
  ['empty choice id', ['object', 'definition', 'choices', 0, 'id'], ''],
  ['numeric choice id', ['object', 'definition', 'choices', 0, 'id'], 1],
  ['choices not an array', ['object', 'definition', 'choices'], { id: 'a' }],
  ['correctResponsesPattern not an array', ['object', 'definition', 'correctResponsesPattern'], 'id-card'],
  ['correctResponsesPattern item not a string', ['object', 'definition', 'correctResponsesPattern', 0], 1],
  ['correct response naming an unknown choice', ['object', 'definition', 'correctResponsesPattern', 0], 'id-card[,]passport'],
  [
    'true-false pattern "yes"',
    ['object', 'definition'],
    { interactionType: 'true-false', correctResponsesPattern: ['yes'] },
    ['object', 'definition', 'correctResponsesPattern', 0],
  ],
  [
    'likert pattern off the scale',
    ['object', 'definition'],
    { interactionType: 'likert', scale: [{ id: 'agree' }], correctResponsesPattern: ['maybe'] },
    ['object', 'definition', 'correctResponsesPattern', 0],
  ],
  [
    'matching pattern without a pair',
    ['object', 'definition'],
    { interactionType: 'matching', source: [{ id: 's' }], target: [{ id: 't' }], correctResponsesPattern: ['s-t'] },
    ['object', 'definition', 'correctResponsesPattern', 0],
  ],
  [
    'numeric pattern not a number',
    ['object', 'definition'],
    { interactionType: 'numeric', correctResponsesPattern: ['abc'] },
    ['object', 'definition', 'correctResponsesPattern', 0],
  ],
  [
    'performance pattern without a step',
    ['object', 'definition'],
    { interactionType: 'performance', steps: [{ id: 'a' }], correctResponsesPattern: ['b[.]1'] },
    ['object', 'definition', 'correctResponsesPattern', 0],
  ],
  [
    'pattern without interactionType',
    ['object', 'definition'],
    { correctResponsesPattern: ['x'] },
    ['object', 'definition', 'correctResponsesPattern'],
  ],
  ['definition not an object', ['object', 'definition'], 'Question 1'],
  ['activity extensions not an object', ['object', 'definition', 'extensions'], ['x']],
  ['activity extension key not an IRI', ['object', 'definition', 'extensions'], { difficulty: 2 }],
  ['result extension key not an IRI', ['result', 'extensions'], { attempts: 1 }],
  ['context extension key not an IRI', ['context', 'extensions'], { 'course version': '1' }],
  ['scaled score above 1', ['result', 'score', 'scaled'], 1.5],
  ['scaled score below -1', ['result', 'score', 'scaled'], -1.01],
  ['scaled score as a string', ['result', 'score', 'scaled'], '0.5'],
  ['raw score above max', ['result', 'score', 'raw'], 11],
  ['raw score below min', ['result', 'score', 'raw'], -1],
  ['max equal to min', ['result', 'score', 'max'], 0],
  ['max below min', ['result', 'score', 'min'], 20, ['result', 'score']],
  ['min as a string', ['result', 'score', 'min'], '0'],
  ['success as a string', ['result', 'success'], 'true'],
  ['completion as a number', ['result', 'completion'], 1],
  ['response as a number', ['result', 'response'], 42],
  ['result not an object', ['result'], 'passed'],
  ['revision with an Agent object', ['object'], agentObject, ['context', 'revision']],
  [
    'platform with a StatementRef object',
    ['object'],
    { objectType: 'StatementRef', id: '6690e6c9-3ef0-4ed3-8b37-7f3964730bee' },
    ['context', 'platform'],
  ],
  ['revision not a string', ['context', 'revision'], 2026],
  ['platform not a string', ['context', 'platform'], { name: 'Shixun' }],
  ['context activity list as a string', ['context', 'contextActivities', 'parent'], 'https://shixun.test/a'],
  ['context activity without id', ['context', 'contextActivities', 'parent', 0, 'id'], DELETE],
  ['context activity null', ['context', 'contextActivities', 'grouping'], null],
  [
    'contextAgents not an array',
    ['context', 'contextAgents'],
    { objectType: 'contextAgent', agent: { mbox: 'mailto:a@example.gov.cn' } },
  ],
  ['contextAgents empty', ['context', 'contextAgents'], []],
  ['contextAgent with objectType Agent', ['context', 'contextAgents', 0, 'objectType'], 'Agent'],
  ['contextAgent with empty relevantTypes', ['context', 'contextAgents', 0, 'relevantTypes'], []],
  [
    'contextGroup holding an Agent',
    ['context', 'contextGroups', 0, 'group'],
    { objectType: 'Agent', mbox: 'mailto:a@example.gov.cn' },
  ],
  ['context statement that is an Activity', ['context', 'statement', 'objectType'], 'Activity'],
  ['context language not a tag', ['context', 'language'], 'en_US'],
  ['context language empty', ['context', 'language'], ''],
  ['context language with spaces', ['context', 'language'], 'english language'],
  ['context language a number', ['context', 'language'], 5],
  ['context language ending in a dash', ['context', 'language'], 'zh-'],
  ['version 3.0.0', ['version'], '3.0.0'],
  ['version 1.1.0', ['version'], '1.1.0'],
  ['version as a number', ['version'], 2],
  ['version 2.0 without patch', ['version'], '2.0'],
  ['attachments not an array', ['attachments'], ATTACHMENT],
  ['attachment without usageType', ['attachments'], [{ ...ATTACHMENT, usageType: undefined }], ['attachments', 0, 'usageType']],
  ['attachment with a bad sha2', ['attachments'], [{ ...ATTACHMENT, sha2: 'abc' }], ['attachments', 0, 'sha2']],
  ['attachment with negative length', ['attachments'], [{ ...ATTACHMENT, length: -1 }], ['attachments', 0, 'length']],
  ['attachment with fractional length', ['attachments'], [{ ...ATTACHMENT, length: 1.5 }], ['attachments', 0, 'length']],
  [
    'attachment with a bad contentType',
    ['attachments'],
    [{ ...ATTACHMENT, contentType: 'not a type' }],
    ['attachments', 0, 'contentType'],
  ],
  [
    'attachment usageType not an IRI',
    ['attachments'],
    [{ ...ATTACHMENT, usageType: 'evidence' }],
    ['attachments', 0, 'usageType'],
  ],
  ['attachment fileUrl not an IRL', ['attachments'], [{ ...ATTACHMENT, fileUrl: 'evidence.txt' }], ['attachments', 0, 'fileUrl']],
  [
    'attachment display not a language map',
    ['attachments'],
    [{ ...ATTACHMENT, display: 'Evidence' }],
    ['attachments', 0, 'display'],
  ],
  ['attachment with an unknown property', ['attachments'], [{ ...ATTACHMENT, data: 'aGk=' }], ['attachments', 0, 'data']],
  [
    'signature attachment that is not octet-stream',
    ['attachments'],
    [{ ...ATTACHMENT, usageType: 'http://adlnet.gov/expapi/attachments/signature' }],
    ['attachments', 0, 'contentType'],
  ],
  [
    'authority group of three',
    ['authority'],
    { objectType: 'Group', member: [{ mbox: 'mailto:a@x.cn' }, { mbox: 'mailto:b@x.cn' }, { mbox: 'mailto:c@x.cn' }] },
  ],
  ['authority without an identifier', ['authority'], { name: 'Someone' }],
  ['voiding an Activity', ['verb', 'id'], VERBS.voided, ['object']],
  ['actor null', ['actor'], null],
  ['result null', ['result'], null],
  ['registration null', ['context', 'registration'], null],
  ['verb display null', ['verb', 'display'], null],
];

export function malformedStatements(): MalformedCase[] {
  const base = richStatement();
  const cases: MalformedCase[] = [];
  const add = (name: string, path: Path, value: unknown, reported: Path = path) =>
    cases.push({ name, statement: mutate(base, path, value), path: pathText(reported) });
  for (const path of OBJECT_PATHS) add(`unknown property in ${pathText(path)}`, [...path, 'unexpected'], true);
  for (const path of REQUIRED) add(`missing ${pathText(path)}`, path, DELETE);
  for (const path of UUID_PATHS) for (const value of BAD_UUIDS) add(`${pathText(path)} = ${JSON.stringify(value)}`, path, value);
  for (const path of IRI_PATHS) for (const value of BAD_IRIS) add(`${pathText(path)} = ${JSON.stringify(value)}`, path, value);
  for (const path of IRL_PATHS) for (const value of BAD_IRLS) add(`${pathText(path)} = ${JSON.stringify(value)}`, path, value);
  for (const path of LANGUAGE_MAP_PATHS)
    for (const value of BAD_LANGUAGE_MAPS) add(`${pathText(path)} = ${JSON.stringify(value)}`, path, value);
  for (const path of [['timestamp'], ['stored']] as Path[])
    for (const value of BAD_TIMESTAMPS) add(`${pathText(path)} = ${JSON.stringify(value)}`, path, value);
  for (const value of BAD_DURATIONS) add(`duration ${JSON.stringify(value)}`, ['result', 'duration'], value);
  for (const [name, path, value, reported] of SPECIFIC) add(name, path, value, reported);
  return cases.map((item) => ({ ...item, statement: JSON.parse(JSON.stringify(item.statement)) as unknown }));
}
