// One report file, several writers: each owns the text between its own markers.
// The markers sit under the section's heading, so a writer that splits the file
// at `## ` headings (scripts/bench.mjs) keeps them inside this section.

const start = (name) => `<!-- ${name}:start -->`
const end = (name) => `<!-- ${name}:end -->`

/** `text` with `name`'s marked body replaced by `body`; without the markers, `heading` and the marked body are appended. */
export function replaceMarked(text, name, heading, body) {
  const block = `${start(name)}\n${body.replace(/\n*$/, '\n')}${end(name)}`
  const from = text.indexOf(start(name))
  const to = text.indexOf(end(name))
  if (from < 0 || to < from) return `${text.replace(/\n*$/, '\n')}\n${heading}\n\n${block}\n`
  return text.slice(0, from) + block + text.slice(to + end(name).length)
}
