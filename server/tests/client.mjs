// A client of a shared Throughline map written only from docs/sharing.md, with the stock
// Yjs client of the sync server (@hocuspocus/provider): what a team's own script or
// integration would do. Tests drive it with one JSON command per line on stdin and read one
// JSON line per event on stdout.
//
//   node server/tests/client.mjs ws://127.0.0.1:PORT MAP TOKEN NAME
//
// Commands: {"do": "addStage", "id", "name", "team", "kind"}, {"do": "rename", "id", "name"},
// {"do": "presence", "selection": [...], "presenting": N|null}, {"do": "dump"}, {"do": "quit"}.
// Events: {"event": "synced"}, {"event": "denied", "reason"}, {"event": "saved", "ok"},
// {"event": "dump", "name", "stages": {id: name}, "people": [names present]}.

import { createInterface } from 'node:readline'

import { HocuspocusProvider } from '@hocuspocus/provider'
import WebSocket from 'ws'
import * as Y from 'yjs'

const [url, map, token, name] = process.argv.slice(2)
const say = (event) => process.stdout.write(`${JSON.stringify(event)}\n`)

const doc = new Y.Doc()
const provider = new HocuspocusProvider({
  url,
  name: map,
  token,
  document: doc,
  WebSocketPolyfill: WebSocket,
  onSynced: () => say({ event: 'synced' }),
  onAuthenticationFailed: ({ reason }) => say({ event: 'denied', reason }),
})
provider.on('unsyncedChanges', ({ number }) => {
  if (number === 0) say({ event: 'saved', ok: true })
})
provider.setAwarenessField('user', { name, color: '#9467bd' })

/** The highest `order` in a collection: a new entity goes after it. */
function lastOrder(collection) {
  let last = 0
  for (const entity of collection.values()) {
    const order = entity.get('order')
    if (typeof order === 'number' && order > last) last = order
  }
  return last
}

const commands = {
  addStage({ id, name: stageName, team, kind = 'stage' }) {
    const stages = doc.getMap('stages')
    doc.transact(() => {
      const stage = new Y.Map()
      stages.set(id, stage)
      stage.set('name', stageName)
      stage.set('team', team)
      stage.set('kind', kind)
      stage.set('owners', [])
      stage.set('order', lastOrder(stages) + 1)
      stage.set('by', name)
    })
  },
  rename({ id, name: stageName }) {
    const stage = doc.getMap('stages').get(id)
    doc.transact(() => {
      stage.set('name', stageName)
      stage.set('by', name)
    })
  },
  presence({ selection = [], presenting = null, walk = 'journey' }) {
    provider.setAwarenessField('selection', selection)
    provider.setAwarenessField('presenting', presenting)
    provider.setAwarenessField('walk', walk)
  },
  dump() {
    const stages = {}
    for (const [id, stage] of doc.getMap('stages').entries()) {
      if (stage.get('removed') !== true) stages[id] = stage.get('name')
    }
    const people = [...provider.awareness.getStates().entries()]
      .filter(([client]) => client !== doc.clientID)
      .map(([, state]) => state.user?.name)
      .filter(Boolean)
    say({ event: 'dump', name: doc.getMap('map').get('name'), stages, people })
  },
  quit() {
    provider.destroy()
    process.exit(0)
  },
}

for await (const line of createInterface({ input: process.stdin })) {
  if (!line.trim()) continue
  const command = JSON.parse(line)
  try {
    commands[command.do](command)
  } catch (error) {
    say({ event: 'error', message: String(error) })
  }
}
