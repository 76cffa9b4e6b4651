import { run } from '../phases/main.js'

await run()
