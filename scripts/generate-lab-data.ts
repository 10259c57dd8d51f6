// Writes the synthetic applicant tables behind the algorithm-ethics course's two lab steps
// (courses/algorithm-ethics/assets/*.csv) and prints the fairness metrics they produce.
// Deterministic: a seeded PRNG (mulberry32), never Math.random, so every run writes the same
// bytes. Run: npx tsx scripts/generate-lab-data.ts
//
// The model the lab widget runs: score = weighted mean of the kept features (each 0–1);
// approve when score ≥ threshold. Rows are drawn from plausible distributions and then placed
// in exact (group, eligible, approved-at-default) cells, so the default model reproduces the
// FACTS B2 worked examples: (1) a hukou proxy that rejects eligible non-local applicants,
// (2) a disparate-impact flag explained by different eligibility rates. Values have three
// decimals, and rows whose score under any subset of features would equal a threshold on the
// 0.01 grid of the slider range are redrawn, so no approval depends on floating-point rounding.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

type Row = Record<string, number>;
interface Feature {
  readonly column: string;
  readonly weight: number;
}
interface Cell {
  readonly eligible: 0 | 1;
  readonly approved: 0 | 1;
  readonly count: number;
}
interface GroupSpec {
  readonly value: number;
  readonly cells: readonly Cell[];
}
interface DatasetSpec {
  readonly file: string;
  readonly seed: number;
  readonly columns: readonly string[];
  readonly groupColumn: string;
  readonly features: readonly Feature[];
  readonly threshold: number;
  readonly range: readonly [number, number];
  readonly groups: readonly GroupSpec[];
  /** The lab step's goals in course.yaml, to print where the learner can meet them all. */
  readonly goals: readonly ((m: Metrics) => boolean)[];
  /** One candidate applicant of a group with the given truth. */
  readonly draw: (rand: () => number, group: number, eligible: 0 | 1) => Row;
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function normal(rand: () => number, mean: number, sd: number): number {
  const u = 1 - rand();
  return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}

/** Clipped to 0–1 and rounded to three decimals. */
const unit = (x: number): number => Math.round(Math.min(1, Math.max(0, x)) * 1000) / 1000;

function score(row: Row, features: readonly Feature[]): number {
  let sum = 0;
  let weights = 0;
  for (const f of features) {
    sum += f.weight * (row[f.column] ?? 0);
    weights += f.weight;
  }
  return sum / weights;
}

/** True if some subset of features scores this row exactly on a 0.01 threshold inside the range. */
function tiesOnGrid(row: Row, features: readonly Feature[], range: readonly [number, number]): boolean {
  for (let mask = 1; mask < 1 << features.length; mask++) {
    let sum = 0; // in thousandths, exact integers
    let weights = 0;
    features.forEach((f, i) => {
      if (mask & (1 << i)) {
        sum += f.weight * Math.round((row[f.column] ?? 0) * 1000);
        weights += f.weight;
      }
    });
    if (sum % (10 * weights) !== 0) continue;
    const hundredths = sum / (10 * weights);
    if (hundredths >= Math.round(range[0] * 100) && hundredths <= Math.round(range[1] * 100)) return true;
  }
  return false;
}

function build(spec: DatasetSpec): Row[] {
  const rand = mulberry32(spec.seed);
  const rows: Row[] = [];
  for (const group of spec.groups) {
    for (const cell of group.cells) {
      for (let k = 0; k < cell.count; k++) {
        for (let tries = 0; ; tries++) {
          if (tries > 200_000) throw new Error(`cell ${JSON.stringify(cell)} of group ${group.value} is unreachable`);
          const row = spec.draw(rand, group.value, cell.eligible);
          const approved = score(row, spec.features) >= spec.threshold ? 1 : 0;
          if (approved !== cell.approved || tiesOnGrid(row, spec.features, spec.range)) continue;
          rows.push(row);
          break;
        }
      }
    }
  }
  for (let i = rows.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [rows[i], rows[j]] = [rows[j]!, rows[i]!];
  }
  return rows;
}

interface Metrics {
  readonly groups: {
    value: number;
    n: number;
    eligible: number;
    approved: number;
    tp: number;
    selectionRate: number;
    tpr: number;
  }[];
  readonly disparateImpact: number;
  readonly tprGap: number;
  readonly selectionRateGap: number;
  readonly wronglyRejected: number;
  readonly wronglyApproved: number;
}

function metrics(rows: readonly Row[], spec: DatasetSpec, features: readonly Feature[], threshold: number): Metrics {
  const groups = spec.groups.map((g) => {
    const mine = rows.filter((r) => r[spec.groupColumn] === g.value);
    const approved = mine.filter((r) => score(r, features) >= threshold);
    const eligible = mine.filter((r) => r.eligible === 1).length;
    const tp = approved.filter((r) => r.eligible === 1).length;
    return {
      value: g.value,
      n: mine.length,
      eligible,
      approved: approved.length,
      tp,
      selectionRate: approved.length / mine.length,
      tpr: tp / eligible,
    };
  });
  const rates = groups.map((g) => g.selectionRate);
  const tprs = groups.map((g) => g.tpr);
  const approvedAll = groups.reduce((s, g) => s + g.approved, 0);
  const tpAll = groups.reduce((s, g) => s + g.tp, 0);
  const eligibleAll = groups.reduce((s, g) => s + g.eligible, 0);
  return {
    groups,
    disparateImpact: Math.min(...rates) / Math.max(...rates),
    tprGap: Math.max(...tprs) - Math.min(...tprs),
    selectionRateGap: Math.max(...rates) - Math.min(...rates),
    wronglyRejected: eligibleAll - tpAll,
    wronglyApproved: approvedAll - tpAll,
  };
}

const r4 = (x: number): string => x.toFixed(4);

function report(title: string, m: Metrics): void {
  console.log(`  ${title}`);
  for (const g of m.groups) {
    console.log(
      `    group ${g.value}: n=${g.n} eligible=${g.eligible} approved=${g.approved} (TP ${g.tp}, FP ${g.approved - g.tp}) selectionRate=${r4(g.selectionRate)} TPR=${r4(g.tpr)}`,
    );
  }
  console.log(
    `    DI=${r4(m.disparateImpact)} tprGap=${r4(m.tprGap)} selectionRateGap=${r4(m.selectionRateGap)} wronglyRejected=${m.wronglyRejected} wronglyApproved=${m.wronglyApproved}`,
  );
}

/** Thresholds on the 0.01 grid of the range, as exact decimals. */
const grid = (range: readonly [number, number]): number[] =>
  Array.from({ length: Math.round((range[1] - range[0]) * 100) + 1 }, (_, i) => Math.round(range[0] * 100 + i) / 100);

const cells = (eligible: number, tp: number, ineligible: number, fp: number): Cell[] => [
  { eligible: 1, approved: 1, count: tp },
  { eligible: 1, approved: 0, count: eligible - tp },
  { eligible: 0, approved: 1, count: fp },
  { eligible: 0, approved: 0, count: ineligible - fp },
];

/** Genuine need features: noisy readings of one latent need level. */
function needFeatures(rand: () => number, eligible: 0 | 1): Row {
  const latent = eligible ? normal(rand, 0.74, 0.14) : normal(rand, 0.4, 0.13);
  return {
    need: unit(latent + normal(rand, 0, 0.07)),
    household: unit(latent + normal(rand, 0, 0.15)),
    housing: unit(latent + normal(rand, 0, 0.11)),
  };
}

const NEED: readonly Feature[] = [
  { column: 'need', weight: 2 },
  { column: 'household', weight: 1 },
  { column: 'housing', weight: 1 },
];

// Worked example 1: housing subsidy, hukou 0 = local, 1 = non-local. insurance12 (≥12 months of
// local social-insurance record) is a proxy for hukou and says nothing about need.
const HOUSING: DatasetSpec = {
  file: 'courses/algorithm-ethics/assets/housing-subsidy.csv',
  seed: 20250901,
  columns: ['hukou', 'eligible', 'need', 'household', 'housing', 'insurance12'],
  groupColumn: 'hukou',
  features: [...NEED, { column: 'insurance12', weight: 1 }],
  threshold: 0.63,
  range: [0.3, 0.8],
  groups: [
    { value: 0, cells: cells(400, 340, 200, 20) },
    { value: 1, cells: cells(300, 156, 100, 4) },
  ],
  goals: [
    (m) => m.disparateImpact >= 0.8,
    (m) => m.tprGap <= 0.05,
    (m) => m.wronglyRejected <= 150,
    (m) => m.wronglyApproved <= 40,
  ],
  draw: (rand, hukou, eligible) => ({
    hukou,
    eligible,
    ...needFeatures(rand, eligible),
    insurance12: rand() < (hukou === 0 ? 0.86 : 0.1) ? 1 : 0,
  }),
};

// Worked example 2: a heating subsidy in two streets, 0 = 老城街道 (A), 1 = 新区街道 (B). B simply
// has fewer eligible applicants; the model treats eligible people in both alike.
const HEATING: DatasetSpec = {
  file: 'courses/algorithm-ethics/assets/second-dataset.csv',
  seed: 20230815,
  columns: ['street', 'eligible', 'need', 'household', 'housing'],
  groupColumn: 'street',
  features: NEED,
  threshold: 0.55,
  range: [0.3, 0.8],
  groups: [
    { value: 0, cells: cells(240, 228, 160, 12) },
    { value: 1, cells: cells(120, 112, 280, 14) },
  ],
  goals: [(m) => m.wronglyApproved <= 40, (m) => m.wronglyRejected <= 40],
  draw: (rand, street, eligible) => ({ street, eligible, ...needFeatures(rand, eligible) }),
};

function write(spec: DatasetSpec, rows: readonly Row[]): void {
  const file = resolve(process.cwd(), spec.file);
  mkdirSync(dirname(file), { recursive: true });
  const lines = rows.map((r) => spec.columns.map((c) => String(r[c] ?? 0)).join(','));
  writeFileSync(file, `${spec.columns.join(',')}\n${lines.join('\n')}\n`);
  console.log(`\n${spec.file}: ${rows.length} rows`);
}

/** Prints, for every subset of features, the thresholds on the slider grid where all goals are met. */
function goalWindows(rows: readonly Row[], spec: DatasetSpec): void {
  for (let mask = 1; mask < 1 << spec.features.length; mask++) {
    const kept = spec.features.filter((_, i) => mask & (1 << i));
    const passing = grid(spec.range).filter((t) => spec.goals.every((g) => g(metrics(rows, spec, kept, t))));
    console.log(`  all goals met with [${kept.map((f) => f.column).join(', ')}] at: ${passing.join(', ') || 'never'}`);
  }
}

const housingRows = build(HOUSING);
write(HOUSING, housingRows);
report(`all features, threshold ${HOUSING.threshold}`, metrics(housingRows, HOUSING, HOUSING.features, HOUSING.threshold));
const withoutProxy = HOUSING.features.filter((f) => f.column !== 'insurance12');
report(`insurance12 removed, threshold ${HOUSING.threshold}`, metrics(housingRows, HOUSING, withoutProxy, HOUSING.threshold));
goalWindows(housingRows, HOUSING);

const heatingRows = build(HEATING);
write(HEATING, heatingRows);
report(`all features, threshold ${HEATING.threshold}`, metrics(heatingRows, HEATING, HEATING.features, HEATING.threshold));
const parity = grid(HEATING.range).filter((t) => metrics(heatingRows, HEATING, HEATING.features, t).disparateImpact >= 0.8);
console.log(`  DI >= 0.8 (all features) only at thresholds ${parity.join(', ') || 'none'}`);
report('forced parity: all features, threshold 0.35', metrics(heatingRows, HEATING, HEATING.features, 0.35));
goalWindows(heatingRows, HEATING);
