// SHIXUN_CMI5_LMS_ORIGINS: the LMS origins a cmi5-launched course may talk to from the browser
// (their fetch URL and LRS). The app's Content Security Policy allows requests to its own origin
// only; each origin named here is added to connect-src, and nothing else is.
const SETTING = 'SHIXUN_CMI5_LMS_ORIGINS';

/** The origins, each `http(s)://host[:port]`; a wrong entry stops the start with what to change. */
export function lmsOriginsFromEnv(env: NodeJS.ProcessEnv): string[] {
  const text = env[SETTING]?.trim() ?? '';
  if (text === '') return [];
  return text.split(/[\s,]+/).map((entry) => {
    let url: URL;
    try {
      url = new URL(entry);
    } catch {
      throw new Error(
        `${SETTING}: "${entry}" is not an origin; write it as https://lms.example.gov.cn (several separated by spaces).`,
      );
    }
    const bare = url.pathname === '/' && url.search === '' && url.hash === '' && url.username === '' && !entry.endsWith('/');
    if (!/^https?:$/.test(url.protocol) || !bare)
      throw new Error(`${SETTING}: "${entry}" must be an http(s) origin without a path, e.g. https://lms.example.gov.cn.`);
    return url.origin;
  });
}
