import { run } from '../phases/post.js'

await run()
