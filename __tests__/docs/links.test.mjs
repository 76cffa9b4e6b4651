// Every relative link and #anchor in README.md, CONTRIBUTING.md and docs/**/*.md resolves,
// with anchors made as GitHub makes them from headings.
import { expect, test } from '@jest/globals'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { anchorsOf, linkProblems, linksOf, projectPages, slug } from '../../scripts/docs.mjs'

test('every relative link and #anchor in the README, CONTRIBUTING.md and docs/ resolves', () => {
  const pages = projectPages()
  expect(Object.keys(pages)).toEqual(expect.arrayContaining(['README.md', 'CONTRIBUTING.md', 'docs/reference/inputs.md', 'docs/reference/cli.md']))
  expect(linkProblems(pages)).toEqual([])
})

test('the README links every guide in docs/', () => {
  const pages = projectPages()
  const linked = new Set(linksOf(pages['README.md']).map((target) => target.split('#')[0]))
  const guides = Object.keys(pages).filter((file) => file.startsWith('docs/') && file !== 'docs/README.md')
  expect(guides.filter((guide) => !linked.has(guide))).toEqual([])
})

test.each([
  ['Quickstart: Gitea (act_runner) with a volume', 'quickstart-gitea-act_runner-with-a-volume'],
  ['How warm was it?', 'how-warm-was-it'],
  ["The folk recipe's latest", 'the-folk-recipes-latest'],
  ['`cache-options` and `key=value`', 'cache-options-and-keyvalue'],
  ['Several runner hosts', 'several-runner-hosts'],
  ['A [linked](other.md) heading', 'a-linked-heading'],
  ['Two  spaces', 'two--spaces'],
  ['Über-Größe 2', 'über-größe-2']
])('GitHub anchor of %j is %s', (heading, anchor) => {
  expect(slug(heading)).toBe(anchor)
})

test('a repeated heading gets -1, -2; headings inside code blocks are not headings', () => {
  const anchors = anchorsOf(['# Notes', '## Notes', '```', '# not a heading', '```', '## Notes', '<a id="custom"></a>'].join('\n'))
  expect([...anchors]).toEqual(['notes', 'notes-1', 'notes-2', 'custom'])
})

test('broken links and anchors are caught; good ones, external ones and code are not', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'docs-links-'))
  try {
    fs.mkdirSync(path.join(root, 'docs'))
    fs.writeFileSync(path.join(root, 'docs', 'guide.md'), '# Guide\n\n## Set-up\n\n## Set-up\n')
    fs.mkdirSync(path.join(root, 'examples'))
    fs.writeFileSync(path.join(root, 'examples', 'a.yml'), 'name: a\n')
    const readme = [
      '# Title',
      '## Part one',
      '[ok](docs/guide.md) [ok](docs/guide.md#set-up) [ok](docs/guide.md#set-up-1) [ok](#part-one) [ok](examples/a.yml) [ok](examples)',
      '[external](https://example.com/missing.md#nowhere) `[in code](missing.md)`',
      '```',
      '[in a fence](missing-too.md)',
      '```',
      '[missing file](docs/missing.md)',
      '[missing anchor](docs/guide.md#set-up-2)',
      '[missing own anchor](#part-two)',
      '![missing image](docs/missing.png)',
      '[ref]: docs/nowhere.md',
      '[outside](../elsewhere.md)'
    ].join('\n')
    expect(linkProblems({ 'README.md': readme }, root)).toEqual([
      'README.md: docs/missing.md: docs/missing.md does not exist',
      'README.md: docs/guide.md#set-up-2: docs/guide.md has no heading for #set-up-2',
      'README.md: #part-two: README.md has no heading for #part-two',
      'README.md: docs/missing.png: docs/missing.png does not exist',
      'README.md: ../elsewhere.md: ../elsewhere.md does not exist',
      'README.md: docs/nowhere.md: docs/nowhere.md does not exist'
    ])
  } finally {
    fs.rmSync(root, { recursive: true, force: true })
  }
})
