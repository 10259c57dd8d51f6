// Who the people in a scene are: a scene declares its characters (name, gender, age, role and
// dress), its person props and dialogue lines point at them, and the pronoun check compares each
// declared gender with the she/he (她/他) that the scene's text uses for that character.
import { z } from 'zod';
import type { CourseProblem, PathSegment } from './problems.ts';
import { id, localizedSchema } from './schema-parts.ts';

export const GENDERS = ['female', 'male'] as const;
export type Gender = (typeof GENDERS)[number];

/** What the character does in the story; it decides the default dress. */
export const CHARACTER_ROLES = [
  'civil-servant',
  'section-chief',
  'resident',
  'contractor-engineer',
  'vendor',
  'analyst',
] as const;
export type CharacterRole = (typeof CHARACTER_ROLES)[number];

/** Clothes the generator can make; a role has a default (see DEFAULT_DRESS). */
export const DRESS = ['uniform', 'jacket', 'suit', 'casual', 'polo'] as const;
export type Dress = (typeof DRESS)[number];

export const DEFAULT_DRESS: Readonly<Record<CharacterRole, Dress>> = {
  'civil-servant': 'jacket',
  'section-chief': 'suit',
  resident: 'casual',
  'contractor-engineer': 'polo',
  vendor: 'suit',
  analyst: 'jacket',
};

export const characterSchema = z.strictObject({
  id,
  /** The name the scene's text uses for the character (the pronoun check looks for it). */
  name: localizedSchema,
  gender: z.enum(GENDERS),
  /** Age in years: under 35 young, 35–54 middle-aged, 55 and over older (grey hair, a stoop). */
  age: z.number().int().min(16).max(95),
  role: z.enum(CHARACTER_ROLES),
  /** Overrides the role's default clothes. */
  dress: z.enum(DRESS).optional(),
});
export type Character = z.infer<typeof characterSchema>;

export type AgeBand = 'young' | 'middle' | 'older';
export function ageBand(age: number): AgeBand {
  return age >= 55 ? 'older' : age >= 35 ? 'middle' : 'young';
}

export function dressOf(c: Pick<Character, 'role' | 'dress'>): Dress {
  return c.dress ?? DEFAULT_DRESS[c.role];
}

// ---- The pronoun check ----------------------------------------------------------------------
//
// The rule: in any learner- or trainer-visible string of a scene, a third-person singular pronoun
// (en: she/her/hers/herself, he/him/his/himself; zh: 她/他, but not the plurals 她们/他们) refers
// to the character named last before it in the same sentence. If that character's declared gender
// differs, the course fails. Lines a character speaks (dialogue nodes with `character`) never
// attribute a pronoun to the speaker: "my husband … he" said by a woman is about someone else.
// A pronoun with no character named before it in its sentence is not checked.

const SENTENCE_END = /[.!?。！？；;\n]/u;
const EN_PRONOUNS: Readonly<Record<string, Gender>> = {
  she: 'female',
  her: 'female',
  hers: 'female',
  herself: 'female',
  he: 'male',
  him: 'male',
  his: 'male',
  himself: 'male',
};

interface Mention {
  readonly at: number;
  readonly end: number;
  readonly character: Character;
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function mentions(text: string, characters: readonly Character[], locale: 'zh-CN' | 'en'): Mention[] {
  const found: Mention[] = [];
  for (const c of characters) {
    const name = c.name[locale].trim();
    const pattern = locale === 'en' ? new RegExp(`\\b${escape(name)}\\b`, 'giu') : new RegExp(escape(name), 'gu');
    for (const m of text.matchAll(pattern)) found.push({ at: m.index, end: m.index + m[0].length, character: c });
  }
  return found.sort((a, b) => a.at - b.at);
}

function pronouns(text: string, locale: 'zh-CN' | 'en'): { at: number; word: string; gender: Gender }[] {
  const out: { at: number; word: string; gender: Gender }[] = [];
  if (locale === 'en') {
    for (const m of text.matchAll(/\b(she|her|hers|herself|he|him|his|himself)\b/giu)) {
      const gender = EN_PRONOUNS[m[0].toLowerCase()];
      if (gender) out.push({ at: m.index, word: m[0], gender });
    }
  } else {
    for (const m of text.matchAll(/[她他](?!们)/gu))
      out.push({ at: m.index, word: m[0], gender: m[0] === '她' ? 'female' : 'male' });
  }
  return out;
}

/** Pronoun disagreements in one string; `speaker` is the character saying it, if any. */
export function pronounProblems(
  text: string,
  locale: 'zh-CN' | 'en',
  characters: readonly Character[],
  speaker?: string,
): { character: Character; word: string }[] {
  const named = mentions(text, characters, locale);
  const problems: { character: Character; word: string }[] = [];
  for (const p of pronouns(text, locale)) {
    let last: Mention | undefined;
    for (const m of named) if (m.end <= p.at) last = m;
    if (!last || SENTENCE_END.test(text.slice(last.end, p.at))) continue;
    if (last.character.id === speaker) continue;
    if (last.character.gender !== p.gender) problems.push({ character: last.character, word: p.word });
  }
  return problems;
}

/** Walks every { zh-CN, en } string under `root` (a scene) and reports pronouns that disagree. */
export function checkScenePronouns(root: unknown, characters: readonly Character[], base: PathSegment[]): CourseProblem[] {
  if (characters.length === 0) return [];
  const problems: CourseProblem[] = [];
  const visit = (value: unknown, path: PathSegment[], speaker: string | undefined) => {
    if (Array.isArray(value)) return value.forEach((v, i) => visit(v, [...path, i], speaker));
    if (!value || typeof value !== 'object') return;
    const record = value as Record<string, unknown>;
    if (typeof record['zh-CN'] === 'string' && typeof record['en'] === 'string') {
      for (const locale of ['zh-CN', 'en'] as const) {
        for (const p of pronounProblems(record[locale] as string, locale, characters, speaker)) {
          const c = p.character;
          problems.push({
            path: [...path, locale],
            message: `"${p.word}" refers to ${c.name[locale]} (${c.id}), declared ${c.gender}: fix the pronoun or the character's gender`,
          });
        }
      }
      return;
    }
    // A dialogue node's own words are said by its character; its replies' feedback is not.
    const own = typeof record['character'] === 'string' ? record['character'] : speaker;
    for (const [key, v] of Object.entries(record)) {
      if (key === 'characters' || key === 'data') continue;
      visit(v, [...path, key], key === 'text' || key === 'speaker' ? own : undefined);
    }
  };
  visit(root, base, undefined);
  return problems;
}
