// Placeholder until this page is built.
export function MyRecordsPage() {
  return <main id="main" />;
}
