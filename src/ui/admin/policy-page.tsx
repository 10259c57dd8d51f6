// Placeholder until this page is built.
export function AdminPolicyPage() {
  return <main id="main" />;
}
