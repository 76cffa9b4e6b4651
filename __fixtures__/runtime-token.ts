/** A runtime token of the shape BuildKit's gha cache accepts (go-actions-cache's New): a JWT with ac (one scope, as act_runner grants), exp and nbf. Never signed: nothing here checks a signature. */
export function runtimeToken({ expMs = Date.now() + 3_600_000, nbfMs = Date.now() - 60_000, ac = '[{"Scope":"","Permission":2}]' } = {}): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url')
  return `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ ac, exp: Math.floor(expMs / 1000), nbf: Math.floor(nbfMs / 1000) })}.c2lnbmF0dXJl`
}

export const RUNTIME_TOKEN = runtimeToken()
