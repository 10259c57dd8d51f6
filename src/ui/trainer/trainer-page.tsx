// Placeholder until this page is built.
export function TrainerPage({ classId }: { classId: string | null }) {
  return <main id="main" data-class-id={classId ?? ''} />;
}
