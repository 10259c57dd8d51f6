// Small pure edits of a draft response, shared by every input path (3D widgets, DOM panel, tests),
// so a keyboard user and a headset user change a response in exactly the same way.
import type { ChoiceResponse, ClassifyResponse, DialogueResponse, InspectResponse, SequenceResponse } from './responses.ts';

export const inspectEdits = {
  flag: (r: InspectResponse, hotspotId: string): InspectResponse =>
    Object.hasOwn(r.found, hotspotId) ? r : { ...r, found: { ...r.found, [hotspotId]: null } },
  chooseFix: (r: InspectResponse, hotspotId: string, fixId: string): InspectResponse => ({ ...r, found: { ...r.found, [hotspotId]: fixId } }),
  unflag: (r: InspectResponse, hotspotId: string): InspectResponse => {
    const found = { ...r.found };
    delete found[hotspotId];
    return { ...r, found };
  },
};

export const choiceEdits = {
  toggle: (r: ChoiceResponse, optionId: string, multiple: boolean): ChoiceResponse => {
    if (!multiple) return { ...r, selected: [optionId] };
    return { ...r, selected: r.selected.includes(optionId) ? r.selected.filter((id) => id !== optionId) : [...r.selected, optionId] };
  },
};

export const classifyEdits = {
  place: (r: ClassifyResponse, itemId: string, binId: string): ClassifyResponse => ({ ...r, placements: { ...r.placements, [itemId]: binId } }),
  unplace: (r: ClassifyResponse, itemId: string): ClassifyResponse => {
    const placements = { ...r.placements };
    delete placements[itemId];
    return { ...r, placements };
  },
};

export const sequenceEdits = {
  swap: (r: SequenceResponse, a: string, b: string): SequenceResponse => {
    const order = [...r.order];
    const i = order.indexOf(a);
    const j = order.indexOf(b);
    if (i < 0 || j < 0 || i === j) return r;
    [order[i], order[j]] = [order[j]!, order[i]!];
    return { ...r, order };
  },
  move: (r: SequenceResponse, id: string, delta: number): SequenceResponse => {
    const order = [...r.order];
    const i = order.indexOf(id);
    const j = i + delta;
    if (i < 0 || j < 0 || j >= order.length) return r;
    order.splice(i, 1);
    order.splice(j, 0, id);
    return { ...r, order };
  },
};

export const dialogueEdits = {
  choose: (r: DialogueResponse, optionId: string): DialogueResponse => ({ ...r, path: [...r.path, optionId] }),
};
