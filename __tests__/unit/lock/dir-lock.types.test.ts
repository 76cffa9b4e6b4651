import { expect, test } from '@jest/globals'
import path from 'node:path'
import ts from 'typescript'
import { silentLogger } from '../../../src/log.js'
import { collectGarbage } from '../../../src/store/gc.js'
import type { StoreLayout } from '../../../src/store/layout.js'
import { withStoreLock } from '../../../src/store/lock.js'

// The tests run transpiled only (isolatedModules): what must not compile is held to it here, by the compiler itself.
const here = import.meta.dirname ?? path.dirname(new URL(import.meta.url).pathname)
const root = path.join(here, '../../..')

/** The compiler's errors for `body`, a test file of this folder importing what the store lock guards. */
function typeErrors(body: string): string[] {
  const file = path.join(here, 'dir-lock.types.check.ts')
  const source = `import { silentLogger } from '../../../src/log.js'
import { collectGarbage } from '../../../src/store/gc.js'
import type { StoreLayout } from '../../../src/store/layout.js'
import { withStoreLock } from '../../../src/store/lock.js'
import { LockHandle } from '../../../src/lock/dir-lock.js'
export function check(layout: StoreLayout) {
${body}
}
`
  const config = ts.getParsedCommandLineOfConfigFile(path.join(root, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} })
  // Unused imports are no concern here: each case uses a few of them.
  const options = { ...config!.options, noEmit: true, noUnusedLocals: false }
  const disk = ts.createCompilerHost(options)
  const host: ts.CompilerHost = {
    ...disk,
    getSourceFile: (name, language, ...rest) => (name === file ? ts.createSourceFile(name, source, language) : disk.getSourceFile(name, language, ...rest)),
    fileExists: (name) => name === file || disk.fileExists(name),
    readFile: (name) => (name === file ? source : disk.readFile(name))
  }
  const program = ts.createProgram([file], options, host)
  return ts.getPreEmitDiagnostics(program, program.getSourceFile(file)).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'))
}

test.each([
  ['without a handle', 'collectGarbage(layout, silentLogger, true)', /not assignable to parameter of type 'LockHandle'/],
  ['with a look-alike object', "collectGarbage({ keepFresh() {}, lockPath: '' }, layout, silentLogger)", /not assignable to parameter of type 'LockHandle'/],
  [
    'with a handle made outside the lock',
    'collectGarbage(new LockHandle(), layout, silentLogger)',
    /'LockHandle' cannot be used as a value because it was exported using 'export type'/
  ]
])('GC does not compile %s', (_case, body, error) => {
  expect(typeErrors(body)).toEqual(expect.arrayContaining([expect.stringMatching(error)]))
})

test('GC compiles with the handle withStoreLock hands out', () => {
  expect(typeErrors('return withStoreLock(layout, silentLogger, (lock) => collectGarbage(lock, layout, silentLogger))')).toEqual([])
})

// Never run: tsc (npm run build) fails should either line compile.
const withoutTheLock = (layout: StoreLayout) => [
  // @ts-expect-error GC needs the store lock's handle
  () => collectGarbage(layout, silentLogger),
  // @ts-expect-error a look-alike object is no handle
  () => collectGarbage({ keepFresh() {}, lockPath: layout.lock }, layout, silentLogger),
  () => withStoreLock(layout, silentLogger, (lock) => collectGarbage(lock, layout, silentLogger))
]

test('the lines tsc holds to not compiling are never run', () => {
  expect(withoutTheLock).toBeInstanceOf(Function)
})
