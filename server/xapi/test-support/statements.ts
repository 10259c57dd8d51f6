// Test fixtures: statements that are valid under xAPI 2.0, small and readable, built fresh on
// every call so a test can change one without touching another.
import { randomUUID } from 'node:crypto';

export const VERBS = {
  answered: 'http://adlnet.gov/expapi/verbs/answered',
  completed: 'http://adlnet.gov/expapi/verbs/completed',
  voided: 'http://adlnet.gov/expapi/verbs/voided',
} as const;

export const COURSE = 'https://shixun.test/courses/data-security';
export const SCENE = `${COURSE}/scenes/intake`;

export function learner(name = 'li.wei'): Record<string, unknown> {
  return { objectType: 'Agent', name, mbox: `mailto:${name}@example.gov.cn` };
}

/** A plain valid statement: learner answered an activity of the course. */
export function statement(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: randomUUID(),
    actor: learner(),
    verb: { id: VERBS.answered, display: { 'zh-CN': '回答了', en: 'answered' } },
    object: {
      objectType: 'Activity',
      id: `${SCENE}/steps/q1`,
      definition: { name: { en: 'Question 1' }, type: 'http://adlnet.gov/expapi/activities/cmi.interaction' },
    },
    ...overrides,
  };
}

/** A statement that uses every part of the model, for the malformed-statement table. */
export function richStatement(): Record<string, unknown> {
  return {
    id: randomUUID(),
    actor: { objectType: 'Agent', name: 'Li Wei', account: { homePage: 'https://shixun.test/', name: 'E1024' } },
    verb: { id: VERBS.answered, display: { 'zh-CN': '回答了', en: 'answered' } },
    object: {
      objectType: 'Activity',
      id: `${SCENE}/steps/q1`,
      definition: {
        name: { 'zh-CN': '分类数据', en: 'Classify the data' },
        description: { en: 'Pick the sensitive fields.' },
        type: 'http://adlnet.gov/expapi/activities/cmi.interaction',
        moreInfo: 'https://shixun.test/help/q1',
        interactionType: 'choice',
        correctResponsesPattern: ['id-card[,]phone'],
        choices: [
          { id: 'id-card', description: { en: 'ID card number' } },
          { id: 'phone', description: { en: 'Phone number' } },
          { id: 'city', description: { en: 'City' } },
        ],
        extensions: { 'https://shixun.test/extensions/difficulty': 2 },
      },
    },
    result: {
      score: { scaled: 0.5, raw: 5, min: 0, max: 10 },
      success: false,
      completion: true,
      response: 'id-card',
      duration: 'PT1M30.5S',
      extensions: { 'https://shixun.test/extensions/attempts': 1 },
    },
    context: {
      registration: randomUUID(),
      instructor: { objectType: 'Agent', name: 'Trainer', mbox: 'mailto:trainer@example.gov.cn' },
      team: { objectType: 'Group', name: 'Cohort 3', mbox: 'mailto:cohort3@example.gov.cn', member: [learner('zhang.min')] },
      contextActivities: {
        parent: [{ id: SCENE }],
        grouping: [{ objectType: 'Activity', id: COURSE }],
        category: [{ id: 'https://shixun.test/profiles/shixun' }],
        other: [{ id: 'https://shixun.test/other' }],
      },
      contextAgents: [
        { objectType: 'contextAgent', agent: learner('observer'), relevantTypes: ['https://shixun.test/roles/observer'] },
      ],
      contextGroups: [
        {
          objectType: 'contextGroup',
          group: { objectType: 'Group', mbox: 'mailto:dept@example.gov.cn' },
          relevantTypes: ['https://shixun.test/roles/department'],
        },
      ],
      revision: '2026.1',
      platform: 'Shixun WebXR',
      language: 'zh-CN',
      statement: { objectType: 'StatementRef', id: randomUUID() },
      extensions: { 'https://shixun.test/extensions/course-version': '1.2.0' },
    },
    timestamp: '2026-05-01T09:30:00.250+08:00',
    version: '2.0.0',
  };
}
