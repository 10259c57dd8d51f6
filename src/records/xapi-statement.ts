// The subset of the xAPI 2.0 statement shape that Shixun writes. Plain data, so it runs in the
// browser (the outbox) and on the server (grading) alike.
export type LanguageMap = Readonly<Record<string, string>>;

export interface XapiAgent {
  readonly objectType: 'Agent';
  readonly name?: string;
  readonly account: { readonly homePage: string; readonly name: string };
}

export interface XapiActivity {
  readonly objectType: 'Activity';
  readonly id: string;
  readonly definition: {
    readonly type: string;
    readonly name: LanguageMap;
    readonly description?: LanguageMap;
    readonly interactionType?: 'choice' | 'sequencing' | 'matching' | 'other';
    readonly choices?: readonly { id: string; description: LanguageMap }[];
    readonly source?: readonly { id: string; description: LanguageMap }[];
    readonly target?: readonly { id: string; description: LanguageMap }[];
  };
}

export interface XapiResult {
  readonly score?: { readonly scaled: number; readonly raw: number; readonly min: number; readonly max: number };
  readonly success?: boolean;
  readonly completion?: boolean;
  readonly response?: string;
  readonly duration?: string;
}

export interface XapiStatement {
  readonly id: string;
  readonly actor: XapiAgent;
  readonly verb: { readonly id: string; readonly display: LanguageMap };
  readonly object: XapiActivity;
  readonly result?: XapiResult;
  readonly context: {
    readonly registration: string;
    readonly revision: string;
    readonly platform: string;
    readonly language: string;
    readonly contextActivities?: {
      readonly parent?: readonly { objectType: 'Activity'; id: string }[];
      readonly grouping?: readonly { objectType: 'Activity'; id: string }[];
    };
    readonly extensions: Readonly<Record<string, string | number>>;
  };
  readonly timestamp: string;
}
