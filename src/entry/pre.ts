import { run } from '../phases/pre.js'

await run()
