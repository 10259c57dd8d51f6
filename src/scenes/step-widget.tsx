// Picks the widget for the current step type.
import type { StepModel } from '../play/play-context.tsx';
import { ChoiceWidget } from './widgets/choice-widget.tsx';
import { ClassifyWidget } from './widgets/classify-widget.tsx';
import { DialogueWidget } from './widgets/dialogue-widget.tsx';
import { InspectWidget } from './widgets/inspect-widget.tsx';
import { LabWidget } from './widgets/lab-widget.tsx';
import { TimedWidget } from './widgets/timed-widget.tsx';
import { SequenceWidget } from './widgets/sequence-widget.tsx';
import type { WidgetPlacement } from './widgets/widget-placement.ts';

export function StepWidget({ model, placement }: { model: StepModel; placement: WidgetPlacement }) {
  const { step } = model;
  switch (step.type) {
    case 'inspect':
      return <InspectWidget model={model} step={step} placement={placement} />;
    case 'choice':
      return <ChoiceWidget model={model} step={step} placement={placement} />;
    case 'classify':
      return <ClassifyWidget model={model} step={step} placement={placement} />;
    case 'sequence':
      return <SequenceWidget model={model} step={step} placement={placement} />;
    case 'dialogue':
      return <DialogueWidget model={model} step={step} placement={placement} />;
    case 'lab':
      return <LabWidget model={model} step={step} placement={placement} />;
    case 'timed':
      return <TimedWidget model={model} step={step} placement={placement} />;
  }
}
