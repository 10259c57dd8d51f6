// The six-digit join code box a learner types a trainer's code into: for a class
// (./class-join.tsx) and for a joint-exercise session (./exercise/exercise-page.tsx).
import { useId, type FormEvent } from 'react';

export function CodeJoinForm({
  name,
  label,
  hint,
  submitLabel,
  code,
  onCode,
  error,
  busy,
  onSubmit,
}: {
  /** The input's form name. */
  name: string;
  label: string;
  hint: string;
  /** The button's text (its busy text when `busy`). */
  submitLabel: string;
  code: string;
  onCode: (code: string) => void;
  error: string | null;
  busy: boolean;
  onSubmit: (event: FormEvent<HTMLFormElement>) => void;
}) {
  const id = useId();
  return (
    <form className="class-join-form" onSubmit={onSubmit} noValidate>
      <label htmlFor={`${id}-code`}>{label}</label>
      <p id={`${id}-hint`} className="hint">
        {hint}
      </p>
      <div className="class-join-row">
        <input
          id={`${id}-code`}
          name={name}
          className="code-input class-code-input"
          inputMode="numeric"
          autoComplete="off"
          spellCheck={false}
          maxLength={9}
          aria-describedby={`${id}-hint ${id}-error`}
          aria-invalid={error !== null}
          value={code}
          onChange={(event) => onCode(event.target.value)}
        />
        <button type="submit" className="primary" disabled={busy}>
          {submitLabel}
        </button>
      </div>
      <p role="alert" id={`${id}-error`} className="form-error">
        {error}
      </p>
    </form>
  );
}
