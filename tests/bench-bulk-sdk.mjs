// The same bulk update through @bitrix24/b24jssdk: user.update for
// every row of a CSV (ID,WORK_POSITION), batched by the SDK.
import { readFileSync } from 'node:fs'
import { B24Hook } from '@bitrix24/b24jssdk'

const [url, file, size, drain, opLimit, opWindow] = process.argv.slice(2)
const rows = readFileSync(file, 'utf8').trim().split('\n').slice(1)
  .map((l) => l.split(','))
const restrictionParams = {
  rateLimit: { burstLimit: Number(size), drainRate: Number(drain),
    adaptiveEnabled: true },
  operatingLimit: { windowMs: Number(opWindow) * 1000,
    limitMs: Number(opLimit) * 1000, heavyPercent: 80 },
}
const b24 = B24Hook.fromWebhookUrl(url, { restrictionParams })
const calls = rows.map(([id, pos]) => ['user.update', { ID: id,
  WORK_POSITION: pos }])
const t0 = Date.now()
let errors = 0
try {
  const res = await b24.callBatchByChunk(calls, false)
  errors = res.getErrorMessages().length
} catch (e) {
  errors = -1
  console.error('sdk failed:', String(e && e.message || e).slice(0, 200))
}
console.log(JSON.stringify({ seconds: (Date.now() - t0) / 1000, errors }))
