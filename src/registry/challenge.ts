/** A `WWW-Authenticate` challenge of the distribution API: how the registry wants to be asked. */
export type Challenge = { scheme: 'bearer'; realm: string; service?: string; scope?: string } | { scheme: 'basic'; realm?: string }

/**
 * Parses a `WWW-Authenticate` header value (RFC 7235: `Scheme k=v, k="v, with commas"`),
 * several challenges possibly in one value. Returns the first Bearer or Basic
 * challenge, Bearer preferred, or undefined when there is none we can answer.
 */
export function parseChallenge(header: string | null | undefined): Challenge | undefined {
  if (!header) return undefined
  const challenges: Array<{ scheme: string; params: Record<string, string> }> = []
  // scheme, or key=value with a quoted or plain value; commas separate both.
  const token = /\s*(?:([A-Za-z][A-Za-z0-9!#$%&'*+.^_`|~-]*)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*))|([A-Za-z][A-Za-z0-9!#$%&'*+.^_`|~-]*))\s*,?/y
  let position = 0
  while (position < header.length) {
    token.lastIndex = position
    const match = token.exec(header)
    if (!match || match[0] === '') break
    position = token.lastIndex
    const [, key, quoted, plain, scheme] = match
    if (scheme) challenges.push({ scheme: scheme.toLowerCase(), params: {} })
    else if (key && challenges.length > 0) {
      challenges[challenges.length - 1].params[key.toLowerCase()] = quoted !== undefined ? quoted.replace(/\\(.)/g, '$1') : (plain ?? '')
    }
  }
  // A realm that is no http(s) URL cannot be asked for a token: such a challenge is not answered (the request fails as unauthorized).
  const bearer = challenges.find((c) => c.scheme === 'bearer' && isHttpUrl(c.params.realm))
  if (bearer) {
    const { realm, service, scope } = bearer.params
    return { scheme: 'bearer', realm, ...(service ? { service } : {}), ...(scope ? { scope } : {}) }
  }
  const basic = challenges.find((c) => c.scheme === 'basic')
  if (basic) return { scheme: 'basic', ...(basic.params.realm ? { realm: basic.params.realm } : {}) }
  return undefined
}

function isHttpUrl(text: string | undefined): boolean {
  try {
    return text !== undefined && /^https?:$/.test(new URL(text).protocol)
  } catch {
    return false
  }
}

/** The token request of the distribution token flow: the realm with service and scope as query. */
export function tokenUrl(challenge: Extract<Challenge, { scheme: 'bearer' }>, fallbackScope: string): string {
  const url = new URL(challenge.realm)
  if (challenge.service) url.searchParams.set('service', challenge.service)
  url.searchParams.set('scope', challenge.scope ?? fallbackScope)
  return url.toString()
}
