// The synthetic city government of the demo: departments, people with made-up names (common
// surname and given-name characters drawn at random: never real people), employee ids, ranks in
// realistic proportions, a few trainers, and for each learner a skill and a habit (profile) that
// decide how their training year goes. Deterministic from the seed.
import type { Random } from './random.ts';
import { clamp01 } from './random.ts';

/** Departments of a synthetic city government, with their relative sizes. */
export const DEMO_DEPARTMENTS: readonly (readonly [string, number])[] = [
  ['公安局', 16],
  ['政务服务中心', 13],
  ['卫生健康委', 12],
  ['市场监管局', 11],
  ['人力社保局', 10],
  ['教育局', 10],
  ['大数据局', 10],
  ['民政局', 8],
  ['发展改革委', 8],
  ['财政局', 7],
];

/** The ranks of config/training-policy.yaml, most people in the lower ones. */
export const DEMO_RANKS: readonly (readonly [string, number])[] = [
  ['科员', 36],
  ['副主任科员', 26],
  ['主任科员', 20],
  ['副处长', 12],
  ['处长', 6],
];

const SURNAMES = [
  ...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺顾毛郝龚邵万钱严覃武戴莫孔向汤',
];
const GIVEN = [
  ...'伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏辉建文斌宇浩凯晨鑫瑞欣雪婷琳颖佳慧倩婉晓峰波宁海亮林俊涵博睿雯璐洁楠昊旭志远思怡子嘉梓晗诗雨嘉诚一帆天佑立新国庆振华春梅秋菊冬',
];

/**
 * How a learner's year goes, so that every standing a report can show appears:
 * diligent (takes what is required and enough besides, retakes a low score), minimal (only the
 * required courses: often short of hours), skipper (leaves a required course out), struggling
 * (low skill: below the minimum score), late (nothing yet this year).
 */
export type LearnerProfile = 'diligent' | 'minimal' | 'skipper' | 'struggling' | 'late';

/** One learner in twenty of each kind, interleaved so that even a small demo has every kind. */
const PROFILE_CYCLE: readonly LearnerProfile[] = [
  'diligent',
  'minimal',
  'skipper',
  'struggling',
  'late',
  'diligent',
  'diligent',
  'minimal',
  'diligent',
  'struggling',
  'diligent',
  'skipper',
  'diligent',
  'minimal',
  'diligent',
  'diligent',
  'struggling',
  'diligent',
  'diligent',
  'minimal',
];

const SKILL_BY_PROFILE: Readonly<Record<LearnerProfile, readonly [number, number]>> = {
  diligent: [0.88, 0.06],
  minimal: [0.9, 0.05],
  skipper: [0.82, 0.08],
  struggling: [0.5, 0.1],
  late: [0.75, 0.1],
};

export interface DemoPerson {
  readonly employeeId: string;
  readonly name: string;
  readonly department: string;
  readonly rank: string;
  readonly role: 'learner' | 'trainer';
  readonly profile: LearnerProfile;
  /** 0–1, the chance each of their decisions in a course is the best one. */
  readonly skill: number;
}

export interface OrganisationSize {
  readonly learners: number;
  readonly trainers: number;
}

/** `E2026` and a serial number: E20260001, E20260002, … */
export function employeeId(serial: number): string {
  return `E2026${String(serial).padStart(4, '0')}`;
}

function personName(random: Random, taken: Set<string>): string {
  for (let tries = 0; ; tries++) {
    const given = random.chance(0.6) ? random.pick(GIVEN) + random.pick(GIVEN) : random.pick(GIVEN);
    const name = random.pick(SURNAMES) + given;
    // Unique while there are names to spare; past that a repeat is as real as it gets.
    if (!taken.has(name) || tries > 20) {
      taken.add(name);
      return name;
    }
  }
}

export function buildOrganisation(random: Random, size: OrganisationSize): DemoPerson[] {
  const people: DemoPerson[] = [];
  const names = new Set<string>();
  for (let i = 0; i < size.learners + size.trainers; i++) {
    const trainer = i >= size.learners;
    const profile: LearnerProfile = trainer ? 'diligent' : PROFILE_CYCLE[i % PROFILE_CYCLE.length]!;
    const [mean, sd] = SKILL_BY_PROFILE[profile];
    people.push({
      employeeId: employeeId(i + 1),
      name: personName(random, names),
      // Trainers sit in the departments that run training.
      department: trainer ? (i % 2 === 0 ? '人力社保局' : '大数据局') : random.weighted(DEMO_DEPARTMENTS),
      rank: trainer ? random.pick(['主任科员', '副处长']) : random.weighted(DEMO_RANKS),
      role: trainer ? 'trainer' : 'learner',
      profile,
      skill: Math.round(clamp01(random.normal(mean, sd)) * 1000) / 1000,
    });
  }
  return people;
}
