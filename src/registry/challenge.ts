/**
 * The `WWW-Authenticate` header of a registry's 401 (RFC 7235 challenges), e.g.
 * `Bearer realm="https://auth.example.com/token",service="registry.example.com",scope="repository:a/b:pull"`
 * or `Basic realm="basic-realm"`. A header may hold several challenges separated by commas.
 */
export interface Challenge {
  /** lower-case: `basic`, `bearer`, … */
  readonly scheme: string;
  /** parameter names lower-case, values unquoted */
  readonly params: Readonly<Record<string, string>>;
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+/;
const PARAM_START = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+\s*=(?!=*\s*(?:,|$))/;

/** Parses every challenge in a header value; an unparseable tail is dropped, never thrown. */
export function parseChallenges(header: string | null | undefined): Challenge[] {
  const out: Challenge[] = [];
  let s = (header ?? '').trim();
  const trim = (): void => { s = s.replace(/^\s+/, ''); };
  while (s.length > 0) {
    s = s.replace(/^[\s,]+/, '');
    const scheme = TOKEN.exec(s)?.[0];
    if (!scheme) break;
    s = s.slice(scheme.length);
    const params: Record<string, string> = {};
    out.push({ scheme: scheme.toLowerCase(), params });
    trim();
    const t68 = /^([A-Za-z0-9\-._~+/]+=*)\s*(?:,|$)/.exec(s);
    if (t68 && !PARAM_START.test(s)) {
      params.token68 = t68[1] ?? '';
      s = s.slice(t68[0].length);
      continue;
    }
    // auth-params: name = token | quoted-string, separated by commas, until a token that is not a parameter.
    for (;;) {
      s = s.replace(/^[\s,]+/, '');
      if (!PARAM_START.test(s)) break;
      const name = TOKEN.exec(s)?.[0] ?? '';
      s = s.slice(name.length).replace(/^\s*=\s*/, '');
      let value = '';
      if (s.startsWith('"')) {
        let i = 1;
        while (i < s.length && s[i] !== '"') {
          if (s[i] === '\\' && i + 1 < s.length) i++;
          value += s[i];
          i++;
        }
        s = s.slice(i + 1);
      } else {
        value = /^[^,\s]*/.exec(s)?.[0] ?? '';
        s = s.slice(value.length);
      }
      params[name.toLowerCase()] = value;
    }
  }
  return out;
}

/** The challenge Dockhand answers: Bearer before Basic (a registry offering both prefers tokens). */
export function pickChallenge(challenges: readonly Challenge[]): Challenge | undefined {
  return challenges.find((c) => c.scheme === 'bearer') ?? challenges.find((c) => c.scheme === 'basic');
}
