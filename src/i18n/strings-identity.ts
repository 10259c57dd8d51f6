// UI strings of single sign-on, in both locales (merged into uiStrings in strings.ts): the sign-in
// page's provider buttons, why a single sign-on was refused, and the admin's sign-in settings.
export const identityStrings = {
  'zh-CN': {
    sso_button: '使用 {{name}} 登录',
    sso_or: '或使用账号密码登录',
    sso_learnersUseSso: '学员请使用上面的统一身份认证登录；账号密码登录仅供管理员和培训师使用。',
    sso_refusedTitle: '未能通过统一身份认证登录',
    'sso_error_not-allowed': '你在身份认证平台的账号未获准使用本培训平台。如需使用，请联系管理员。',
    'sso_error_missing-claim': '身份认证平台没有提供工号或姓名。请联系管理员检查该平台向本系统发放的信息。',
    'sso_error_unknown-rank': '身份认证平台提供的职级不在当前培训制度中，因此无法登录。请联系管理员。',
    'sso_error_already-linked': '这个工号的账号已与身份认证平台上的另一个人关联。请联系管理员核对工号。',
    'sso_error_employee-id-taken': '身份认证平台提供的新工号已属于另一个账号。请联系管理员合并或更正账号。',
    'sso_error_username-taken': '与你的工号相同的用户名已被另一个账号使用。请联系管理员更正该账号。',
    'sso_error_invalid-identity': '身份认证平台提供的工号无法用作用户名。请联系管理员。',
    sso_error_disabled: '你的账号已停用。如有疑问，请联系管理员。',
    sso_error_denied: '你在身份认证平台取消了登录。',
    sso_error_expired: '登录已过期或来自另一个浏览器窗口，请重新点击登录按钮。',
    'sso_error_unknown-provider': '这个身份认证平台没有在本服务器上配置。',
    sso_error_failed: '暂时无法完成统一身份认证登录，请稍后重试；如果问题持续，请联系管理员。',
    signInSettings_title: '登录设置',
    signInSettings_learnerPasswords: '允许学员使用账号密码登录',
    signInSettings_hint: '关闭后，学员只能通过统一身份认证登录；管理员和培训师始终可以使用账号密码，以免无人能够登录。',
    signInSettings_saved: '登录设置已保存。',
  },
  en: {
    sso_button: 'Sign in with {{name}}',
    sso_or: 'Or sign in with a username and password',
    sso_learnersUseSso: 'Learners sign in with the button above; username and password are for administrators and trainers.',
    sso_refusedTitle: 'Single sign-on did not sign you in',
    'sso_error_not-allowed':
      'Your account at the identity service is not cleared for this training platform. Ask an administrator.',
    'sso_error_missing-claim':
      'The identity service did not send your employee ID or name. Ask an administrator to check what it releases to this platform.',
    'sso_error_unknown-rank':
      'The rank the identity service gave is not one of the training policy in force, so you cannot sign in yet. Ask an administrator.',
    'sso_error_already-linked':
      'The account with this employee ID is already linked to another person at the identity service. Ask an administrator to check the employee IDs.',
    'sso_error_employee-id-taken':
      'The identity service now gives an employee ID that belongs to another account. Ask an administrator to merge or correct the accounts.',
    'sso_error_username-taken':
      'The username equal to your employee ID is used by another account. Ask an administrator to correct that account.',
    'sso_error_invalid-identity': 'The employee ID from the identity service cannot be used as a username. Ask an administrator.',
    sso_error_disabled: 'Your account is disabled. Ask an administrator if this is a mistake.',
    sso_error_denied: 'You cancelled signing in at the identity service.',
    sso_error_expired: 'That sign-in expired or began in another browser window. Press the sign-in button again.',
    'sso_error_unknown-provider': 'This identity service is not configured on this server.',
    sso_error_failed:
      'Single sign-on could not be completed just now. Try again shortly; if it keeps failing, ask an administrator.',
    signInSettings_title: 'Sign-in settings',
    signInSettings_learnerPasswords: 'Learners may sign in with a username and password',
    signInSettings_hint:
      'When off, learners sign in only through single sign-on. Administrators and trainers always keep their passwords, so nobody is locked out.',
    signInSettings_saved: 'Sign-in settings saved.',
  },
} as const;
