// Validation of whole statements and sub-statements: the properties each may hold, the object
// kinds, voiding, and the rules that span properties (revision/platform only for Activities).
import { activity } from './activity.ts';
import { actor, authority, group, typedAgent } from './agents.ts';
import { contextFor, result, statementRef } from './context-result.ts';
import {
  arrayOf,
  fields,
  format,
  iri,
  irl,
  isObject,
  languageMap,
  literal,
  mediaType,
  nonNegativeInteger,
  sha2Hex,
  show,
  timestamp,
  uuid,
} from './primitives.ts';
import type { Check, Issue } from './primitives.ts';
import { SIGNATURE_USAGE_TYPE, VOIDED_VERB } from '../types.ts';

export type XapiVersion = '1.0' | '2.0';

const verb: Check = (value, path, out) => {
  fields(value, path, out, { id: iri, display: languageMap }, ['id']);
};

const attachment: Check = (value, path, out) => {
  const spec = {
    usageType: iri,
    display: languageMap,
    description: languageMap,
    contentType: mediaType,
    length: nonNegativeInteger,
    sha2: sha2Hex,
    fileUrl: irl,
  };
  if (!fields(value, path, out, spec, ['usageType', 'display', 'contentType', 'length', 'sha2'])) return;
  if (value.usageType === SIGNATURE_USAGE_TYPE && value.contentType !== 'application/octet-stream') {
    out.push({ path: `${path}.contentType`, message: 'a signature attachment must have contentType "application/octet-stream"' });
  }
};

const attachments = arrayOf(attachment);
const version = format((value) => /^(1\.0(\.\d+)?|2\.0\.\d+)$/.test(value), 'an xAPI version such as "2.0.0" or "1.0.3"');

/** The object of a statement; a sub-statement's object may be anything but another sub-statement. */
function objectCheck(allowSubStatement: boolean, xapiVersion: XapiVersion): Check {
  return (value, path, out) => {
    if (!isObject(value)) {
      out.push({ path, message: `must be an object (Activity, Agent, Group, StatementRef or SubStatement), not ${show(value)}` });
      return;
    }
    switch (value.objectType) {
      case undefined:
      case 'Activity':
        return activity(value, path, out);
      case 'Agent':
        return typedAgent(value, path, out);
      case 'Group':
        return group(value, path, out);
      case 'StatementRef':
        return statementRef(value, path, out);
      case 'SubStatement':
        if (allowSubStatement) return subStatement(xapiVersion)(value, path, out);
        out.push({ path: `${path}.objectType`, message: 'a SubStatement must not contain another SubStatement' });
        return;
      default:
        out.push({
          path: `${path}.objectType`,
          message: `must be Activity, Agent, Group, StatementRef or SubStatement, not ${show(value.objectType)}`,
        });
    }
  };
}

/** Rules that look at more than one property of a statement or sub-statement. */
function crossPropertyIssues(value: Record<string, unknown>, path: string, out: Issue[]): void {
  const object = value.object;
  const isActivity = isObject(object) && (object.objectType === undefined || object.objectType === 'Activity');
  if (isObject(value.context) && !isActivity) {
    for (const key of ['revision', 'platform']) {
      if (Object.hasOwn(value.context, key))
        out.push({ path: `${path}.context.${key}`, message: 'is only allowed when the object is an Activity' });
    }
  }
  if (isObject(value.verb) && value.verb.id === VOIDED_VERB && !(isObject(object) && object.objectType === 'StatementRef')) {
    out.push({ path: `${path}.object`, message: 'a voiding statement (verb voided) must have a StatementRef as its object' });
  }
}

function subStatement(xapiVersion: XapiVersion): Check {
  return (value, path, out) => {
    const spec = {
      objectType: literal('SubStatement'),
      actor,
      verb,
      object: objectCheck(false, xapiVersion),
      result,
      context: contextFor(xapiVersion),
      timestamp,
      attachments,
    };
    if (fields(value, path, out, spec, ['objectType', 'actor', 'verb', 'object'])) crossPropertyIssues(value, path, out);
  };
}

const statementSpecs: Record<XapiVersion, Readonly<Record<string, Check>>> = {
  '1.0': statementSpec('1.0'),
  '2.0': statementSpec('2.0'),
};

function statementSpec(xapiVersion: XapiVersion): Readonly<Record<string, Check>> {
  return {
    id: uuid,
    actor,
    verb,
    object: objectCheck(true, xapiVersion),
    result,
    context: contextFor(xapiVersion),
    timestamp,
    stored: timestamp,
    authority,
    version,
    attachments,
  };
}

/** Everything wrong with `value` as a statement sent under `xapiVersion`; empty when it is valid. */
export function validateStatement(value: unknown, path: string, xapiVersion: XapiVersion): Issue[] {
  const out: Issue[] = [];
  if (fields(value, path, out, statementSpecs[xapiVersion], ['actor', 'verb', 'object'])) crossPropertyIssues(value, path, out);
  return out;
}
