// `tiepdon gateway serve`: the BHXH gateway simulator on 127.0.0.1 until SIGINT/SIGTERM.
import { parseArgs } from 'node:util';
import { systemClock } from '../../util/clock';
import { DEMO_CREDENTIALS } from '../gateway-sim/accounts';
import { startGatewaySim } from '../gateway-sim/server';
import { runningClockFrom } from '../gateway-sim/sim-clock';
import type { CliIo } from '../../cli/io';

export const gatewayUsage = `Usage: npm run -s tiepdon -- gateway serve [--port 8787] [--latency-ms N] [--fail-rate P]
         [--timeout-rate P] [--malformed-rate P] [--down] [--now ISO-TIME] [--seed N]

  --now   start the simulator's clock at this time (it then runs at real speed); the fixture
          cards are valid in 2026
  Faults can also be changed while it runs: POST /__sim/faults {"failRate":0.2,"down":false,…}`;

function untilSignal(): Promise<string> {
  return new Promise((resolve) => {
    const stop = (signal: string) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

function number(io: CliIo, name: string, text: string, max: number): number | null {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value < 0 || value > max) {
    io.err(`--${name} must be a number from 0 to ${max}\n\n${gatewayUsage}`);
    return null;
  }
  return value;
}

export async function gatewayCommand(args: string[], io: CliIo, deps: { until?: Promise<unknown> } = {}): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === undefined || sub === 'help' || sub === '--help' || sub === '-h' || rest.includes('--help')) {
    io.out(gatewayUsage);
    return 0;
  }
  if (sub !== 'serve') {
    io.err(gatewayUsage);
    return 2;
  }
  const { values } = parseArgs({
    args: rest,
    strict: true,
    options: {
      port: { type: 'string', default: '8787' },
      'latency-ms': { type: 'string', default: '0' },
      'fail-rate': { type: 'string', default: '0' },
      'timeout-rate': { type: 'string', default: '0' },
      'malformed-rate': { type: 'string', default: '0' },
      down: { type: 'boolean', default: false },
      now: { type: 'string' },
      seed: { type: 'string', default: '20260315' },
    },
  });
  const port = number(io, 'port', values.port, 65_535);
  const latencyMs = number(io, 'latency-ms', values['latency-ms'], 600_000);
  const failRate = number(io, 'fail-rate', values['fail-rate'], 1);
  const timeoutRate = number(io, 'timeout-rate', values['timeout-rate'], 1);
  const malformedRate = number(io, 'malformed-rate', values['malformed-rate'], 1);
  const seed = number(io, 'seed', values.seed, 2 ** 32 - 1);
  if (port === null || latencyMs === null || failRate === null || timeoutRate === null || malformedRate === null || seed === null) return 2;
  if (values.now !== undefined && Number.isNaN(Date.parse(values.now))) {
    io.err(`--now must be an ISO date and time, e.g. 2026-03-15T08:30:00+07:00\n\n${gatewayUsage}`);
    return 2;
  }

  const until = deps.until ?? untilSignal();
  const sim = await startGatewaySim({
    port,
    seed,
    clock: values.now ? runningClockFrom(values.now) : systemClock,
    faults: { latencyMs: Math.round(latencyMs), failRate, timeoutRate, malformedRate, down: values.down },
  });
  io.out(`Gateway simulator (BHXH e-gateway API) listening on ${sim.url}`);
  io.err(
    `account ${DEMO_CREDENTIALS.username} / ${DEMO_CREDENTIALS.password}, staff "${DEMO_CREDENTIALS.staff.fullName}" ${DEMO_CREDENTIALS.staff.idNumber}; ` +
      `clock ${sim.clock.now().toISOString()}; Ctrl+C to stop`,
  );
  await until;
  await sim.close();
  io.err('Gateway simulator stopped.');
  return 0;
}
