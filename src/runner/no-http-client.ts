/**
 * Stands in for @actions/http-client in the bundles (tsconfig.json `paths`).
 * @actions/core imports it only for getIDToken's OIDC request, which this
 * action never makes; the real client (with undici) is most of a bundle and
 * ~80 ms of every phase's start-up.
 */
const unused = (): never => {
  throw new Error('@actions/http-client is not bundled: this action requests no OIDC token')
}

export class HttpClient {
  constructor() {
    unused()
  }
}

export class BearerCredentialHandler {
  constructor() {
    unused()
  }
}
