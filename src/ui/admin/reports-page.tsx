// Placeholder until this page is built.
export function AdminReportsPage() {
  return <main id="main" />;
}
