// The signed-in user as the server answers it (GET /api/v1/auth/me, the admin's user list): the
// browser's side of server/accounts/session-user.ts. Types only, no code.

export type UserRole = 'learner' | 'trainer' | 'admin';

export interface SessionUserView {
  readonly id: string;
  readonly username: string;
  readonly name: string;
  readonly role: UserRole;
  readonly employeeId: string | null;
  readonly department: string | null;
  readonly rank: string | null;
}
