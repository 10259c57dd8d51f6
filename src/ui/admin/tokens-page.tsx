// Placeholder until this page is built.
export function AdminTokensPage() {
  return <main id="main" />;
}
