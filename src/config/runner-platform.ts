/** Gitea and Forgejo runners (act_runner, forgejo-runner) set GITHUB_* too; these say which it really is. */
export function isGiteaLike(env: NodeJS.ProcessEnv): boolean {
  return env.GITEA_ACTIONS === 'true' || env.FORGEJO_ACTIONS === 'true'
}
