import { main } from '../cli/cli.js'
import { spawnDocker } from '../cli/docker.js'

process.exitCode = await main(process.argv.slice(2), {
  out: (text) => process.stdout.write(text + '\n'),
  err: (text) => process.stderr.write(text + '\n'),
  docker: spawnDocker
})
