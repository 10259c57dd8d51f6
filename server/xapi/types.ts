// The xAPI data model as TypeScript types. Values get these types only after validate/ has
// checked them, so code past validation can read them without re-checking.

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };
export type LanguageMap = Readonly<Record<string, string>>;

export interface Account {
  readonly homePage: string;
  readonly name: string;
}

/** The four inverse functional identifiers; an Agent or identified Group has exactly one. */
export interface Identified {
  readonly mbox?: string;
  readonly mbox_sha1sum?: string;
  readonly openid?: string;
  readonly account?: Account;
}

export interface Agent extends Identified {
  readonly objectType?: 'Agent';
  readonly name?: string;
}

export interface Group extends Identified {
  readonly objectType: 'Group';
  readonly name?: string;
  readonly member?: readonly Agent[];
}

export type Actor = Agent | Group;

export interface Verb {
  readonly id: string;
  readonly display?: LanguageMap;
}

export interface InteractionComponent {
  readonly id: string;
  readonly description?: LanguageMap;
}

export interface ActivityDefinition {
  readonly name?: LanguageMap;
  readonly description?: LanguageMap;
  readonly type?: string;
  readonly moreInfo?: string;
  readonly extensions?: JsonObject;
  readonly interactionType?: string;
  readonly correctResponsesPattern?: readonly string[];
  readonly choices?: readonly InteractionComponent[];
  readonly scale?: readonly InteractionComponent[];
  readonly source?: readonly InteractionComponent[];
  readonly target?: readonly InteractionComponent[];
  readonly steps?: readonly InteractionComponent[];
}

export interface Activity {
  readonly objectType?: 'Activity';
  readonly id: string;
  readonly definition?: ActivityDefinition;
}

export interface StatementRef {
  readonly objectType: 'StatementRef';
  readonly id: string;
}

export interface ContextActivities {
  readonly parent?: readonly Activity[];
  readonly grouping?: readonly Activity[];
  readonly category?: readonly Activity[];
  readonly other?: readonly Activity[];
}

export interface ContextAgent {
  readonly objectType: 'contextAgent';
  readonly agent: Agent;
  readonly relevantTypes?: readonly string[];
}

export interface ContextGroup {
  readonly objectType: 'contextGroup';
  readonly group: Group;
  readonly relevantTypes?: readonly string[];
}

export interface Context {
  readonly registration?: string;
  readonly instructor?: Actor;
  readonly team?: Group;
  readonly contextActivities?: ContextActivities;
  readonly contextAgents?: readonly ContextAgent[];
  readonly contextGroups?: readonly ContextGroup[];
  readonly revision?: string;
  readonly platform?: string;
  readonly language?: string;
  readonly statement?: StatementRef;
  readonly extensions?: JsonObject;
}

export interface Score {
  readonly scaled?: number;
  readonly raw?: number;
  readonly min?: number;
  readonly max?: number;
}

export interface Result {
  readonly score?: Score;
  readonly success?: boolean;
  readonly completion?: boolean;
  readonly response?: string;
  readonly duration?: string;
  readonly extensions?: JsonObject;
}

export interface AttachmentMetadata {
  readonly usageType: string;
  readonly display: LanguageMap;
  readonly description?: LanguageMap;
  readonly contentType: string;
  readonly length: number;
  readonly sha2: string;
  readonly fileUrl?: string;
}

interface StatementCore {
  readonly actor: Actor;
  readonly verb: Verb;
  readonly result?: Result;
  readonly context?: Context;
  readonly timestamp?: string;
  readonly attachments?: readonly AttachmentMetadata[];
}

export interface SubStatement extends StatementCore {
  readonly objectType: 'SubStatement';
  readonly object: Activity | Agent | Group | StatementRef;
}

export type StatementObject = Activity | Agent | Group | StatementRef | SubStatement;

export interface Statement extends StatementCore {
  readonly id?: string;
  readonly object: StatementObject;
  readonly stored?: string;
  readonly authority?: Actor;
  readonly version?: string;
}

/** A statement as stored: every property the LRS sets is present. */
export interface StoredStatement extends Statement {
  readonly id: string;
  readonly stored: string;
  readonly timestamp: string;
  readonly authority: Actor;
  readonly version: string;
}

export const VOIDED_VERB = 'http://adlnet.gov/expapi/verbs/voided';
export const SIGNATURE_USAGE_TYPE = 'http://adlnet.gov/expapi/attachments/signature';
