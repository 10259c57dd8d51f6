// View patches: a patch applied to the view it was made from gives the new view exactly, lists that
// grew at their end travel as their new items only, and anything else is sent whole.
import { describe, expect, it } from 'vitest';
import { applyViewPatch, diffView, keyedJson } from './view-patch.ts';

const patchOf = (before: Record<string, unknown>, after: Record<string, unknown>) =>
  diffView(keyedJson(before), keyedJson(after), after);

describe('view patches', () => {
  const before = {
    role: { id: 'police', briefing: 'long text '.repeat(50) },
    clock: { elapsedMs: 1000, paused: false },
    messages: [{ seq: 1, text: 'one' }],
    timeline: [{ seq: 1 }, { seq: 2 }],
    outcome: null,
    draft: 'gone soon',
  };

  it('sends only what changed, the new items of a grown list, and what went away', () => {
    const after = {
      role: before.role,
      clock: { elapsedMs: 2000, paused: false },
      messages: [...before.messages, { seq: 3, text: 'two' }],
      timeline: [{ seq: 1 }, { seq: 9 }],
      outcome: null,
    };
    const patch = patchOf(before, after);
    expect(patch).toEqual({
      set: { clock: { elapsedMs: 2000, paused: false }, timeline: [{ seq: 1 }, { seq: 9 }] },
      append: { messages: [{ seq: 3, text: 'two' }] },
      unset: ['draft'],
    });
    expect(JSON.stringify(patch)).not.toContain('long text');
    expect(applyViewPatch(before, patch)).toEqual(after);
  });

  it('is empty when nothing changed, and a shrunk or changed list goes whole', () => {
    expect(patchOf(before, { ...before })).toEqual({});
    const shrunk = { ...before, messages: [] };
    expect(patchOf(before, shrunk)).toEqual({ set: { messages: [] } });
    const edited = {
      ...before,
      messages: [
        { seq: 1, text: 'edited' },
        { seq: 2, text: 'new' },
      ],
    };
    expect(patchOf(before, edited)).toEqual({ set: { messages: edited.messages } });
    expect(applyViewPatch(before, patchOf(before, edited))).toEqual(edited);
  });

  it('leaves the view it patches as it was', () => {
    const copy = JSON.parse(JSON.stringify(before)) as typeof before;
    applyViewPatch(before, { append: { messages: [{ seq: 2 }] }, unset: ['role'] });
    expect(before).toEqual(copy);
  });
});
