import type { DockerCli } from '../docker-cli.js'

/** What a command reads and writes besides the store: its two output streams and the docker CLI (a test passes its own). */
export interface CliIo {
  out: (text: string) => void
  err: (text: string) => void
  docker: DockerCli
}
