// Building blocks of statement validation: the issue list, a checker for objects with a fixed
// set of properties, and the value formats xAPI names (UUID, IRI, RFC 5646 tag, ISO 8601, …).

export interface Issue {
  /** Where in the request, e.g. `statements[2].object.definition.choices[0].id`. */
  readonly path: string;
  readonly message: string;
}

/** Checks `value` at `path` and appends what is wrong to `out`. */
export type Check = (value: unknown, path: string, out: Issue[]) => void;

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function show(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `"${value.length > 60 ? `${value.slice(0, 57)}...` : value}"`;
  return typeof value === 'object' ? 'an object' : String(value);
}

/**
 * Checks an object whose properties are exactly those in `spec` (xAPI rejects unknown ones),
 * with `required` present, and runs each present property's check. False when not an object.
 */
export function fields(
  value: unknown,
  path: string,
  out: Issue[],
  spec: Readonly<Record<string, Check>>,
  required: readonly string[] = [],
): value is Record<string, unknown> {
  if (!isObject(value)) {
    out.push({ path, message: `must be an object, not ${show(value)}` });
    return false;
  }
  for (const key of Object.keys(value)) {
    if (!Object.hasOwn(spec, key)) {
      out.push({
        path: `${path}.${key}`,
        message: `is not a property xAPI allows here (allowed: ${Object.keys(spec).join(', ')})`,
      });
    }
  }
  for (const key of required) {
    if (!Object.hasOwn(value, key)) out.push({ path: `${path}.${key}`, message: 'is required' });
  }
  for (const [key, check] of Object.entries(spec)) {
    if (Object.hasOwn(value, key)) check(value[key], `${path}.${key}`, out);
  }
  return true;
}

/** A check from a predicate and the message for a value that fails it. */
export function format(test: (value: string) => boolean, expected: string): Check {
  return (value, path, out) => {
    if (typeof value !== 'string') out.push({ path, message: `must be ${expected}, not ${show(value)}` });
    else if (!test(value)) out.push({ path, message: `must be ${expected}, not ${show(value)}` });
  };
}

export const string: Check = (value, path, out) => {
  if (typeof value !== 'string') out.push({ path, message: `must be a string, not ${show(value)}` });
};

export const boolean: Check = (value, path, out) => {
  if (typeof value !== 'boolean') out.push({ path, message: `must be true or false, not ${show(value)}` });
};

export const number: Check = (value, path, out) => {
  if (typeof value !== 'number' || !Number.isFinite(value)) out.push({ path, message: `must be a number, not ${show(value)}` });
};

export function literal(...allowed: string[]): Check {
  return (value, path, out) => {
    if (typeof value !== 'string' || !allowed.includes(value)) {
      out.push({ path, message: `must be ${allowed.map((item) => `"${item}"`).join(' or ')}, not ${show(value)}` });
    }
  };
}

export function arrayOf(item: Check, options: { readonly minItems?: number } = {}): Check {
  return (value, path, out) => {
    if (!Array.isArray(value)) {
      out.push({ path, message: `must be an array, not ${show(value)}` });
      return;
    }
    if (value.length < (options.minItems ?? 0)) out.push({ path, message: `must hold at least ${options.minItems} item(s)` });
    value.forEach((element: unknown, index) => item(element, `${path}[${index}]`, out));
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
export const isUuid = (value: string): boolean => UUID.test(value);
export const uuid = format(isUuid, 'a UUID (RFC 4122, e.g. "6690e6c9-3ef0-4ed3-8b37-7f3964730bee")');

// RFC 3987 in the strictness that matters for identifiers: an absolute IRI (scheme ":" …),
// no spaces, controls or the characters RFC 3987 excludes, and well-formed %-escapes.
const SCHEME = /^[a-z][a-z0-9+.-]*:/i;
const IRI_EXCLUDED = new Set('<>"{}|\\^`');
function hasExcludedCharacter(value: string): boolean {
  for (const char of value) {
    const code = char.codePointAt(0) ?? 0;
    if (code <= 0x20 || (code >= 0x7f && code <= 0x9f) || IRI_EXCLUDED.has(char)) return true;
  }
  return false;
}
const BAD_ESCAPE = /%(?![0-9a-f]{2})/i;
const NEEDS_AUTHORITY = /^(https?|ftp|wss?):/i;
export function isIri(value: string): boolean {
  const scheme = SCHEME.exec(value);
  if (scheme === null || hasExcludedCharacter(value) || BAD_ESCAPE.test(value)) return false;
  const rest = value.slice(scheme[0].length);
  if (rest === '' || rest.split('#').length > 2) return false;
  return !NEEDS_AUTHORITY.test(value) || /^\/\/[^/?#]+/.test(rest);
}
export const iri = format(isIri, 'an absolute IRI such as "http://example.com/verbs/answered"');
/** An IRL is an IRI meant to be dereferenced: xAPI requires the same syntax. */
export const irl = format(isIri, 'an absolute IRL such as "https://example.com/page"');

// RFC 5646 language tag ABNF (well-formed), including private use and grandfathered tags.
const LANGUAGE = '(?:[a-z]{2,3}(?:-[a-z]{3}){0,3}|[a-z]{4}|[a-z]{5,8})';
const LANGTAG = `${LANGUAGE}(?:-[a-z]{4})?(?:-(?:[a-z]{2}|[0-9]{3}))?(?:-(?:[a-z0-9]{5,8}|[0-9][a-z0-9]{3}))*(?:-[0-9a-wyz](?:-[a-z0-9]{2,8})+)*(?:-x(?:-[a-z0-9]{1,8})+)?`;
const GRANDFATHERED = [
  'en-gb-oed',
  'i-ami',
  'i-bnn',
  'i-default',
  'i-enochian',
  'i-hak',
  'i-klingon',
  'i-lux',
  'i-mingo',
  'i-navajo',
  'i-pwn',
  'i-tao',
  'i-tay',
  'i-tsu',
  'sgn-be-fr',
  'sgn-be-nl',
  'sgn-ch-de',
  'art-lojban',
  'cel-gaulish',
  'no-bok',
  'no-nyn',
  'zh-guoyu',
  'zh-hakka',
  'zh-min',
  'zh-min-nan',
  'zh-xiang',
];
const LANGUAGE_TAG = new RegExp(`^(?:${LANGTAG}|x(?:-[a-z0-9]{1,8})+|${GRANDFATHERED.join('|')})$`, 'i');
export const isLanguageTag = (value: string): boolean => LANGUAGE_TAG.test(value);
export const languageTag = format(isLanguageTag, 'an RFC 5646 language tag such as "zh-CN" or "en"');

export const languageMap: Check = (value, path, out) => {
  if (!isObject(value)) {
    out.push({ path, message: `must be a language map such as {"zh-CN": "…", "en": "…"}, not ${show(value)}` });
    return;
  }
  for (const [tag, text] of Object.entries(value)) {
    if (!isLanguageTag(tag))
      out.push({ path: `${path}.${tag}`, message: 'is not an RFC 5646 language tag (use e.g. "zh-CN" or "en")' });
    if (typeof text !== 'string') out.push({ path: `${path}.${tag}`, message: `must be a string, not ${show(text)}` });
  }
};

export const extensions: Check = (value, path, out) => {
  if (!isObject(value)) {
    out.push({ path, message: `must be an extensions object keyed by IRIs, not ${show(value)}` });
    return;
  }
  for (const key of Object.keys(value)) {
    if (!isIri(key)) out.push({ path: `${path}.${key}`, message: 'extension keys must be absolute IRIs' });
  }
};

const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|([+-])(\d{2})(?::?(\d{2}))?)$/i;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Milliseconds since the epoch of an ISO 8601 date-time with a zone, or undefined when malformed. */
export function parseTimestamp(value: string): number | undefined {
  const m = TIMESTAMP.exec(value);
  if (m === null) return undefined;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const monthDays = month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1];
  if (monthDays === undefined || day < 1 || day > monthDays || hour > 23 || minute > 59 || second > 59) return undefined;
  let offset = 0;
  if (m[8]?.toUpperCase() !== 'Z') {
    const hours = Number(m[10]);
    const minutes = Number(m[11] ?? '0');
    // RFC 3339 reads -00:00 as "offset unknown", which xAPI forbids.
    if (hours > 23 || minutes > 59 || (m[9] === '-' && hours === 0 && minutes === 0)) return undefined;
    offset = (m[9] === '-' ? -1 : 1) * (hours * 60 + minutes);
  }
  const millis = Number(`0.${m[7] ?? '0'}`) * 1000;
  const utc = new Date(0);
  utc.setUTCFullYear(year, month - 1, day);
  utc.setUTCHours(hour, minute - offset, second, Math.floor(millis));
  // With its offset applied, a time may leave the years 0000 to 9999, which ISO 8601 writes in four digits.
  const utcYear = utc.getUTCFullYear();
  return utcYear < 0 || utcYear > 9999 ? undefined : utc.getTime();
}
export const timestamp = format(
  (value) => parseTimestamp(value) !== undefined,
  'an ISO 8601 date-time with a time zone, before the year 10000 in UTC, e.g. "2026-05-01T09:30:00.000Z"',
);

const N = '\\d+(?:[.,]\\d+)?';
const DURATION = new RegExp(`^P(?:${N}Y)?(?:${N}M)?(?:${N}D)?(?:T(?:${N}H)?(?:${N}M)?(?:${N}S)?)?$`);
/** ISO 8601 writes weeks alone (`P4W`): they combine with no other designator. */
const WEEKS = new RegExp(`^P${N}W$`);
export const isDuration = (value: string): boolean =>
  WEEKS.test(value) || (DURATION.test(value) && value !== 'P' && !value.endsWith('T'));
export const duration = format(isDuration, 'an ISO 8601 duration such as "PT1M30S" (weeks only alone, as in "P4W")');

export const mbox = format(
  (value) => /^mailto:[^\s@<>()[\],;:"]+@[^\s@<>()[\],;:"]+$/i.test(value),
  'a "mailto:" IRI with an email address',
);
export const sha1Hex = format((value) => /^[0-9a-f]{40}$/i.test(value), 'the hex SHA-1 of a mailto IRI (40 hex digits)');
export const sha2Hex = format(
  (value) => /^(?:[0-9a-f]{56}|[0-9a-f]{64}|[0-9a-f]{96}|[0-9a-f]{128})$/i.test(value),
  'a hex SHA-2 hash (SHA-224, -256, -384 or -512)',
);
const TOKEN = "[a-z0-9!#$&^_.+'*`|~-]+";
const MEDIA_TYPE = new RegExp(`^${TOKEN}/${TOKEN}(?:\\s*;\\s*${TOKEN}=(?:${TOKEN}|"[^"]*"))*$`, 'i');
export const mediaType = format((value) => MEDIA_TYPE.test(value), 'an Internet media type such as "image/png"');

export const nonNegativeInteger: Check = (value, path, out) => {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0)
    out.push({ path, message: `must be a whole number of bytes (0 or more), not ${show(value)}` });
};
