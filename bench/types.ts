// Shared shapes of the bench's results: budget rows, per-scene measurements and run metadata.
export type RowKind = 'count' | 'timing';

export interface Row {
  readonly name: string;
  /** null when the row is not measured yet. */
  readonly value: number | null;
  readonly unit: string;
  /** Inclusive bound (value ≤ budget passes, or ≥ with atLeast); null when the row has no budget. */
  readonly budget: number | null;
  /** The budget is a floor (throughput), not a ceiling. */
  readonly atLeast?: boolean;
  readonly kind: RowKind;
  /** null when there is nothing to judge (no value or no budget). */
  readonly pass: boolean | null;
  readonly note?: string;
}

export interface RenderCounts {
  readonly calls: number;
  readonly triangles: number;
  readonly programs: number;
}

export interface DesktopScene extends RenderCounts {
  readonly courseId: string;
  readonly sceneId: string;
  readonly firstStepId: string;
  /** Raycast targets (interactive objects) at the scene's first step. */
  readonly targets: number;
  /** The largest counts seen at any step of the scene (each step measured when presented). */
  readonly maxOverSteps: { readonly calls: number; readonly triangles: number; readonly targets: number };
  readonly pass: boolean;
}

export interface XrScene {
  readonly courseId: string;
  readonly sceneId: string;
  readonly views: number;
  /** Both eyes together, as renderer.info reports one XR frame. */
  readonly calls: number;
  readonly triangles: number;
  readonly callsPerView: number;
  readonly trianglesPerView: number;
  readonly pass: boolean;
}

export interface ProgramWalk {
  readonly courseId: string;
  /** Programs once the first scene has settled. */
  readonly atFirstScene: number;
  /** Programs at the last step of the last scene, after walking every step. */
  readonly atEnd: number;
  /** The most programs seen at any step. */
  readonly max: number;
  /** Each step at which the count rose, with the count there. */
  readonly increases: readonly { readonly sceneId: string; readonly stepId: string; readonly programs: number }[];
}

export interface IdleCommits {
  readonly courseId: string;
  readonly sceneId: string;
  readonly where: 'desktop' | 'headset';
  readonly frames: number;
  readonly commits: number;
}

export interface Metadata {
  readonly date: string;
  readonly node: string;
  readonly chromium: string;
  readonly cores: number;
  readonly cpuModel: string;
  readonly platform: string;
  readonly durationS: number;
  readonly built: boolean;
  readonly kilobyte: string;
}

export interface BenchResults {
  readonly metadata: Metadata;
  readonly rows: readonly Row[];
  readonly desktopScenes: readonly DesktopScene[];
  readonly xrScenes: readonly XrScene[];
  readonly programWalks: readonly ProgramWalk[];
  readonly idleCommits: readonly IdleCommits[];
  readonly details: Record<string, unknown>;
}

export const SCENE_BUDGET = { calls: 50, triangles: 150_000, programs: 12, targets: 40 } as const;
