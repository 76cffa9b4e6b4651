/**
 * The port every docker call goes through. The runner phases implement it
 * with @actions/exec (runner/exec.ts), the command-line tool with
 * child_process (cli/docker.ts); domain modules only take it as a parameter.
 */

/** Runs the docker CLI; resolves with the exit code (never rejects for a non-zero exit). */
export type DockerCli = (args: string[]) => Promise<{ code: number; stdout: string; stderr: string }>

/** Thrown by a DockerCli that cannot run docker at all (not installed, not on PATH). */
export class DockerUnavailable extends Error {}
