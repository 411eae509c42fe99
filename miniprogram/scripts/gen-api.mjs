// Dumps the API document the app serves and regenerates the mini-program's API types from it.
//   npm run gen:api              build the API, start it on a throw-away SQLite file and a loopback
//                                port, save contract/openapi.json, regenerate src/api/schema.d.ts
//   npm run gen:api -- --check   the same, but only compare: exits 1 when the checked-in files differ
//   --no-build                   use the API as last built (CI builds it just before)
// Nothing leaves the machine: the app listens on 127.0.0.1 and the document is fetched from there.
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createServer } from 'node:net'

const here = dirname(fileURLToPath(import.meta.url))
const project = resolve(here, '..')
const repo = resolve(project, '..')
const check = process.argv.includes('--check')
const build = !process.argv.includes('--no-build')
const documentFile = join(project, 'contract', 'openapi.json')
const typesFile = join(project, 'src', 'api', 'schema.d.ts')

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', ...options })
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status})`)
}

function freePort() {
  return new Promise((ok, fail) => {
    const server = createServer()
    server.on('error', fail)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      server.close(() => ok(port))
    })
  })
}

async function servedDocument() {
  if (build) run('dotnet', ['build', join(repo, 'Volunteer.Api'), '-v', 'q', '-nologo'])
  const dll = join(repo, 'Volunteer.Api', 'bin', 'Debug', 'net10.0', 'Volunteer.Api.dll')
  if (!existsSync(dll)) throw new Error(`${dll} not found: build the API first`)
  const port = await freePort()
  const scratch = mkdtempSync(join(tmpdir(), 'volunteer-openapi-'))
  const env = {
    ...process.env,
    ASPNETCORE_ENVIRONMENT: 'Development',
    ConnectionStrings__Postgres: '',
    ConnectionStrings__Sqlite: `Data Source=${join(scratch, 'openapi.db')}`,
    Seeding__DemoData: 'false',
    Jobs__Scheduler: 'false',
  }
  const app = spawn('dotnet', [dll, '--urls', `http://127.0.0.1:${port}`], { cwd: scratch, env, stdio: ['ignore', 'pipe', 'pipe'] })
  let log = ''
  app.stdout.on('data', d => { log += d })
  app.stderr.on('data', d => { log += d })
  try {
    const deadline = Date.now() + 180_000
    while (Date.now() < deadline) {
      if (app.exitCode !== null) throw new Error(`the API stopped (${app.exitCode}):\n${log}`)
      try {
        const response = await fetch(`http://127.0.0.1:${port}/swagger/v1/swagger.json`)
        if (response.ok) return await response.json()
      } catch { /* not listening yet */ }
      await new Promise(r => setTimeout(r, 500))
    }
    throw new Error(`the API did not serve its document within 3 minutes:\n${log}`)
  } finally {
    app.kill('SIGTERM')
    rmSync(scratch, { recursive: true, force: true })
  }
}

function types(document) {
  const scratch = mkdtempSync(join(tmpdir(), 'volunteer-types-'))
  try {
    const input = join(scratch, 'openapi.json')
    const output = join(scratch, 'schema.d.ts')
    writeFileSync(input, document)
    run(process.execPath, [join(project, 'node_modules', 'openapi-typescript', 'bin', 'cli.js'), input, '-o', output, '--silent'])
    return readFileSync(output, 'utf8')
  } finally {
    rmSync(scratch, { recursive: true, force: true })
  }
}

const document = JSON.stringify(await servedDocument(), null, 2) + '\n'
const generated = types(document)
const current = f => (existsSync(f) ? readFileSync(f, 'utf8') : '')

if (check) {
  const stale = [[documentFile, document], [typesFile, generated]].filter(([f, text]) => current(f) !== text).map(([f]) => f)
  if (stale.length) {
    console.error(`The served API document and the checked-in contract differ: ${stale.join(', ')}\nRun "npm run gen:api" in miniprogram/ and commit the result.`)
    process.exit(1)
  }
  console.log('contract/openapi.json and src/api/schema.d.ts match the served document.')
} else {
  writeFileSync(documentFile, document)
  writeFileSync(typesFile, generated)
  console.log(`wrote ${documentFile} and ${typesFile}`)
}
