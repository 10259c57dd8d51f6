// Placeholder until this page is built.
export function AdminAttemptPage({ attemptId }: { attemptId: string | null }) {
  return <main id="main" data-attempt-id={attemptId ?? ''} />;
}
