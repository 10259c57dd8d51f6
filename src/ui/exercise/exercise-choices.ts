// The shipped exercises a trainer may start a session of, with their public parts only (title and
// role names): the lobby shows them before anyone has a seat. Nothing private (briefings, tables)
// is in the browser bundle; exercise-choices.test.ts keeps this list equal to the exercise files.
import type { Localized } from '../../course/schema-parts.ts';

export interface ExerciseChoice {
  readonly id: string;
  readonly title: Localized;
  readonly roles: readonly { readonly id: string; readonly name: Localized }[];
}

export const exerciseChoices: readonly ExerciseChoice[] = [
  {
    id: 'resident-data-leak',
    title: {
      'zh-CN': '居民信息外泄：五部门联合处置',
      en: "Residents' Data Found Outside: Five Departments Respond",
    },
    roles: [
      {
        id: 'cyberspace',
        name: {
          'zh-CN': '区委网信办',
          en: 'District Cyberspace Affairs Office',
        },
      },
      {
        id: 'police',
        name: {
          'zh-CN': '区公安分局网安大队',
          en: 'District Public Security Sub-bureau, Cyber Police Unit',
        },
      },
      {
        id: 'bigdata',
        name: {
          'zh-CN': '区大数据局',
          en: 'District Big Data Bureau',
        },
      },
      {
        id: 'civil-affairs',
        name: {
          'zh-CN': '区民政局',
          en: 'District Civil Affairs Bureau',
        },
      },
      {
        id: 'press',
        name: {
          'zh-CN': '区委宣传部新闻办',
          en: 'District Press Office',
        },
      },
    ],
  },
  {
    id: 'allowance-auto-refusals',
    title: {
      'zh-CN': '自动审批误拒：五方联合纠偏',
      en: 'Wrongly Refused by the System: Five Parties Put It Right',
    },
    roles: [
      {
        id: 'operator',
        name: {
          'zh-CN': '区人社局',
          en: 'District Human Resources and Social Security Bureau',
        },
      },
      {
        id: 'model-owner',
        name: {
          'zh-CN': '模型承建方（区大数据中心合作企业）',
          en: "Model owner (the data centre's contractor)",
        },
      },
      {
        id: 'regulator',
        name: {
          'zh-CN': '区委网信办（算法监管）',
          en: 'District Cyberspace Affairs Office (algorithm oversight)',
        },
      },
      {
        id: 'hotline',
        name: {
          'zh-CN': '12345政务服务热线',
          en: '12345 Government Service Hotline',
        },
      },
      {
        id: 'legal',
        name: {
          'zh-CN': '区司法局（法制审核）',
          en: 'District Justice Bureau (legal review)',
        },
      },
    ],
  },
];

export function exerciseChoice(exerciseId: string): ExerciseChoice | undefined {
  return exerciseChoices.find((choice) => choice.id === exerciseId);
}
