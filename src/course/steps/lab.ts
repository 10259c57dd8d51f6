// The lab step's format: a data table and a scoring model the learner adjusts, questions with
// points, and goals the final model earns points for.
import { z } from 'zod';
import type { PathSegment } from '../problems.ts';
import { DATASET_PATH, id, LAB_METRICS, localizedSchema, optionSchema, stepBase, tableSchema } from '../schema-parts.ts';
import { checkUnique, type Report, type StepFormat } from '../step-format.ts';

export const labStep = z.strictObject({
  ...stepBase,
  type: z.literal('lab'),
  /** CSV in the course's assets/ (header row, numbers only); the loader fills `data` from it. */
  dataset: z.string().regex(DATASET_PATH, 'datasets live in the course folder under assets/ and end in .csv').optional(),
  data: tableSchema.optional(),
  /** Column holding the group code of each row (e.g. 0 = local hukou, 1 = non-local). */
  groupColumn: z.string(),
  groups: z.array(z.strictObject({ value: z.number(), label: localizedSchema })).min(2),
  /** Column holding the truth: 1 if the person is eligible on human re-review. */
  outcomeColumn: z.string(),
  /** The model: score = weighted mean of the features kept (values 0–1); approve when score ≥ threshold. */
  features: z
    .array(
      z.strictObject({
        id,
        column: z.string(),
        weight: z.number().positive(),
        label: localizedSchema,
        description: localizedSchema,
      }),
    )
    .min(2),
  threshold: z.number().min(0).max(1),
  thresholdRange: z.tuple([z.number().min(0).max(1), z.number().min(0).max(1)]),
  /** What the learner concludes, each a single choice with points and feedback. */
  questions: z.array(z.strictObject({ id, prompt: localizedSchema, options: z.array(optionSchema).min(2) })).min(1),
  /** Points for the model the learner leaves behind, computed from the data. */
  goals: z
    .array(
      z.strictObject({
        metric: z.enum(LAB_METRICS),
        op: z.enum(['>=', '<=']),
        value: z.number(),
        points: z.number().positive(),
        /** Says why the target matters (shown met or missed, with the value reached). */
        feedback: localizedSchema,
      }),
    )
    .optional(),
});

export type LabStep = z.infer<typeof labStep>;

export const labFormat: StepFormat<LabStep> = {
  check: (step, path, _scene, report) => checkLab(step, path, report),
  maxPoints: (step) =>
    step.questions.reduce((sum, q) => sum + Math.max(0, ...q.options.map((o) => o.points)), 0) +
    (step.goals ?? []).reduce((sum, g) => sum + g.points, 0),
};

function checkLab(step: LabStep, path: PathSegment[], report: Report): void {
  checkUnique(step.features, [...path, 'features'], 'feature', report);
  checkUnique(step.questions, [...path, 'questions'], 'question', report);
  step.questions.forEach((q, k) => checkUnique(q.options, [...path, 'questions', k, 'options'], 'option', report));
  const [min, max] = step.thresholdRange;
  if (!(min <= step.threshold && step.threshold <= max))
    report([...path, 'threshold'], `${step.threshold} is outside thresholdRange ${min}–${max}`);
  const data = step.data;
  if (!data) {
    report(
      [...path, step.dataset ? 'dataset' : 'data'],
      'no data: give dataset: assets/<file>.csv (a header row, then numbers) or inline data',
    );
    return;
  }
  const source = step.dataset ?? 'data';
  const columns = new Set(data.columns);
  const known = data.columns.join(', ');
  const column = (name: string, where: PathSegment[]) => {
    if (!columns.has(name)) report(where, `no column "${name}" in ${source} (columns: ${known})`);
    return data.columns.indexOf(name);
  };
  const group = column(step.groupColumn, [...path, 'groupColumn']);
  const outcome = column(step.outcomeColumn, [...path, 'outcomeColumn']);
  const features = step.features.map((f, k) => ({ f, index: column(f.column, [...path, 'features', k, 'column']) }));
  const rowProblem = (rowIndex: number, message: string) =>
    report([...path, step.dataset ? 'dataset' : 'data'], `${source}, data row ${rowIndex + 1}: ${message}`);
  const groupValues = new Set(step.groups.map((g) => g.value));
  for (const [r, row] of data.rows.entries()) {
    if (row.length !== data.columns.length) return rowProblem(r, `${row.length} values for ${data.columns.length} columns`);
    if (outcome >= 0 && row[outcome] !== 0 && row[outcome] !== 1)
      return rowProblem(r, `${step.outcomeColumn} must be 0 or 1, got ${row[outcome]}`);
    if (group >= 0 && !groupValues.has(row[group]!))
      return rowProblem(
        r,
        `${step.groupColumn} is ${row[group]}, which no group declares (groups: ${[...groupValues].join(', ')})`,
      );
    for (const { f, index } of features) {
      const v = row[index];
      if (index >= 0 && (v === undefined || v < 0 || v > 1))
        return rowProblem(r, `feature column ${f.column} must be between 0 and 1, got ${v}`);
    }
  }
  step.groups.forEach((g, k) => {
    if (group >= 0 && !data.rows.some((row) => row[group] === g.value))
      report([...path, 'groups', k, 'value'], `no row of ${source} is in group ${g.value}`);
  });
}
