// Writes bench/results.json and bench/results.md and renders the Markdown tables.
import { writeFileSync } from 'node:fs';
import { kb, round } from './stats.ts';
import type { BenchResults, Row } from './types.ts';

const num = (n: number): string => n.toLocaleString('en-US', { maximumFractionDigits: 3 });

function fmt(value: number, unit: string): string {
  if (unit.startsWith('bytes')) return `${num(value)} B (${kb(value)}${unit.endsWith('gzip') ? ' gzip' : ''})`;
  return unit === 'ms' ? `${num(value)} ms` : num(value);
}

function budgetText(r: Row): string {
  if (r.budget === null) return '—';
  if (r.atLeast) return `≥ ${num(r.budget)}`;
  if (r.unit.startsWith('bytes')) return r.budget === 0 ? '0 B' : `≤ ${kb(r.budget)}${r.unit.endsWith('gzip') ? ' gzip' : ''}`;
  return `≤ ${num(r.budget)}${r.unit === 'ms' ? ' ms' : ''}`;
}

function status(r: Row): string {
  if (r.value === null) return 'not measured';
  if (r.pass === null) return 'reported';
  if (r.pass) return 'pass';
  return r.kind === 'timing' ? 'over (timing: reported, not failed)' : '**FAIL**';
}

const cell = (s: string): string => s.replace(/\|/g, '\\|');

export function budgetTable(rows: readonly Row[]): string {
  const lines = ['| metric | value | budget | kind | status | note |', '|---|---|---|---|---|---|'];
  for (const r of rows) {
    const value = r.value === null ? (r.note ?? 'not measured') : fmt(r.value, r.unit);
    const note = r.value === null ? '' : (r.note ?? '');
    lines.push(`| ${cell(r.name)} | ${cell(value)} | ${budgetText(r)} | ${r.kind} | ${status(r)} | ${cell(note)} |`);
  }
  return lines.join('\n');
}

function sceneTables(res: BenchResults): string {
  const out: string[] = [];
  out.push("### Desktop (1280×720), at each scene's first step", '');
  out.push(
    '| course / scene | calls | triangles | programs | raycast targets | max at any step (calls / triangles / targets) | within budget |',
    '|---|---|---|---|---|---|---|',
  );
  for (const s of res.desktopScenes) {
    const m = s.maxOverSteps;
    out.push(
      `| ${s.courseId} / ${s.sceneId} | ${s.calls} | ${num(s.triangles)} | ${s.programs} | ${s.targets} | ${m.calls} / ${num(m.triangles)} / ${m.targets} | ${s.pass ? 'yes' : '**no**'} |`,
    );
  }
  out.push('', "### Emulated Quest 3, both eyes (?xr-stereo), in VR, at each scene's first step", '');
  out.push(
    '| course / scene | views | calls (all views) | triangles (all views) | calls per view | triangles per view | within budget |',
    '|---|---|---|---|---|---|---|',
  );
  for (const s of res.xrScenes) {
    out.push(
      `| ${s.courseId} / ${s.sceneId} | ${s.views} | ${s.calls} | ${num(s.triangles)} | ${num(round(s.callsPerView, 1))} | ${num(round(s.trianglesPerView, 1))} | ${s.pass ? 'yes' : '**no**'} |`,
    );
  }
  out.push('', '### Shader programs over a walk through every step', '');
  out.push(
    '| course | first scene settled | at the last step | most at any step | growth | rose at |',
    '|---|---|---|---|---|---|',
  );
  for (const w of res.programWalks) {
    const rose = w.increases.map((i) => `${i.sceneId}/${i.stepId} → ${i.programs}`).join(', ') || '—';
    out.push(`| ${w.courseId} | ${w.atFirstScene} | ${w.atEnd} | ${w.max} | ${w.atEnd - w.atFirstScene} | ${rose} |`);
  }
  out.push('', '### React commits while idle', '');
  out.push('| course / scene | where | idle frames | commits |', '|---|---|---|---|');
  for (const i of res.idleCommits) out.push(`| ${i.courseId} / ${i.sceneId} | ${i.where} | ${i.frames} | ${i.commits} |`);
  return out.join('\n');
}

export function markdown(res: BenchResults): string {
  const m = res.metadata;
  return [
    '# Shixun bench results',
    '',
    `${m.date} · Node ${m.node} · Chromium ${m.chromium} · ${m.cores} cores (${m.cpuModel}) · ${m.platform} · ${Math.round(m.durationS)} s${m.built ? '' : ' · --no-build'}`,
    '',
    `Budgets from docs/performance.md. Counts are exact and fail the run when over budget; timings are medians, reported only. ${m.kilobyte}`,
    '',
    budgetTable(res.rows),
    '',
    sceneTables(res),
    '',
    '### Details',
    '',
    '```json',
    JSON.stringify(res.details, null, 2),
    '```',
    '',
  ].join('\n');
}

export function writeResults(res: BenchResults, jsonPath: string, mdPath: string): string {
  writeFileSync(jsonPath, `${JSON.stringify(res, null, 2)}\n`);
  const md = markdown(res);
  writeFileSync(mdPath, md);
  return md;
}
