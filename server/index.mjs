// Throughline's sync server: Hocuspocus, a maintained Yjs server, configured for maps.
//
// - Each shared map is one Yjs document, kept as a file in the data folder (the Database
//   extension's fetch/store, which needs nothing native), written whole and atomically.
// - Only holders of a map's token get in (onAuthenticate): an editor token reads and writes,
//   a viewer token only reads — Hocuspocus itself refuses a viewer's writes. Tokens are kept
//   as SHA-256 digests and never logged.
// - With THROUGHLINE_SYNC_REDIS set, several instances share their documents through Redis.
//
// Settings (environment): THROUGHLINE_SYNC_PORT (1234), THROUGHLINE_SYNC_ADDRESS (127.0.0.1),
// THROUGHLINE_SYNC_DATA (./data), THROUGHLINE_SYNC_REDIS (redis://host:port, optional).

import { createHash, timingSafeEqual } from 'node:crypto'
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import path from 'node:path'

import { Database } from '@hocuspocus/extension-database'
import { Redis } from '@hocuspocus/extension-redis'
import { Server } from '@hocuspocus/server'

const port = Number(process.env.THROUGHLINE_SYNC_PORT ?? 1234)
const address = process.env.THROUGHLINE_SYNC_ADDRESS ?? '127.0.0.1'
const dataDir = path.resolve(process.env.THROUGHLINE_SYNC_DATA ?? 'data')
const redisUrl = process.env.THROUGHLINE_SYNC_REDIS

/** Map names are file names here: letters, digits, `-` and `_` only. */
const NAME = /^[A-Za-z0-9_-]{1,100}$/

const file = (name, suffix) => path.join(dataDir, `${name}${suffix}`)
const digest = (secret) => createHash('sha256').update(secret, 'utf8').digest('hex')
const same = (a, b) =>
  typeof a === 'string' && typeof b === 'string' && a.length === b.length &&
  timingSafeEqual(Buffer.from(a), Buffer.from(b))

/** Writes beside the final place, then moves there: a reader sees the old file or the new. */
async function writeAtomically(target, bytes) {
  const staged = `${target}.${process.pid}.${Date.now()}.tmp`
  await writeFile(staged, bytes)
  await rename(staged, target)
}

async function readAccess(name) {
  try {
    return JSON.parse(await readFile(file(name, '.access.json'), 'utf8'))
  } catch (error) {
    if (error.code === 'ENOENT') return null
    throw error
  }
}

/** A refusal the client is told, in words (Hocuspocus sends `reason`). */
function refuse(reason) {
  const error = new Error(reason)
  error.reason = reason
  return error
}

/**
 * Tokens: `publish.EDITOR.VIEWER` shares a map under a new name (or again, by its editor),
 * `editor.SECRET` and `viewer.SECRET` open it.
 */
async function authenticate({ token, documentName, connectionConfig }) {
  if (!NAME.test(documentName)) throw refuse('no map can be shared under this name')
  const [role, secret, viewer] = String(token ?? '').split('.')
  const access = await readAccess(documentName)
  if (role === 'publish' && secret && viewer) {
    if (access && !same(access.editor, digest(secret))) {
      throw refuse('another map is shared under this name')
    }
    await writeAtomically(
      file(documentName, '.access.json'),
      JSON.stringify({ editor: digest(secret), viewer: digest(viewer) }),
    )
    console.log(`map ${documentName}: shared`)
    return { role: 'editor' }
  }
  if (!access) throw refuse('no map is shared under this name')
  if (role === 'editor' && same(access.editor, digest(secret ?? ''))) return { role }
  if (role === 'viewer' && same(access.viewer, digest(secret ?? ''))) {
    connectionConfig.readOnly = true
    return { role }
  }
  throw refuse('this link does not open the map: ask for a new one')
}

await mkdir(dataDir, { recursive: true })

const extensions = [
  new Database({
    fetch: async ({ documentName }) => {
      try {
        return new Uint8Array(await readFile(file(documentName, '.ydoc')))
      } catch (error) {
        if (error.code === 'ENOENT') return null
        throw error
      }
    },
    store: ({ documentName, state }) => writeAtomically(file(documentName, '.ydoc'), state),
  }),
]
if (redisUrl) {
  const url = new URL(redisUrl)
  extensions.push(new Redis({ host: url.hostname, port: Number(url.port || 6379) }))
}

const server = new Server({
  name: 'throughline-sync',
  port,
  address,
  quiet: true,
  // Saved soon after an edit: a server stopped at any moment loses at most this much, and
  // every client keeps a whole replica that it sends again on reconnecting.
  debounce: 500,
  maxDebounce: 2000,
  extensions,
  onAuthenticate: authenticate,
  async onConnect({ documentName }) {
    console.log(`map ${documentName}: someone connecting`)
  },
})

await server.listen()
console.log(`throughline sync server on ws://${address}:${server.address.port}, maps in ${dataDir}`)

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, async () => {
    await server.destroy()
    process.exit(0)
  })
}
