// Reducer steps per second, the simulator's events per second, and the cost
// of immer against plain object construction on the acceptor's hot path.
import { produce } from 'immer';
import { makeConfig, ownerOf, type PaxosConfig } from '../impl/src/basic/config.ts';
import { serverStep, type ServerState } from '../impl/src/basic/server.ts';
import { acceptorStep, initAcceptor, type AcceptorState } from '../impl/src/basic/acceptor.ts';
import type { Input, Output, Step } from '../impl/src/basic/io.ts';
import { simulate } from '../impl/src/runtime/sim/run.ts';
import { parseFaults } from '../impl/src/runtime/sim/faults.ts';
import { World } from '../impl/src/runtime/sim/world.ts';
import { Rng } from '../impl/src/runtime/sim/rng.ts';
import { formatCount } from '../cli/progress.ts';

const config = makeConfig({ proposers: ['s1', 's2', 's3'], acceptors: ['s1', 's2', 's3'], learners: ['s1', 's2', 's3'] });
const faults = parseFaults('loss=0.2,dup=0.1,crash=0.01');

function time(label: string, unit: string, count: number, run: () => void): number {
  run(); // warm up
  const t0 = performance.now();
  run();
  const seconds = (performance.now() - t0) / 1000;
  const rate = count / seconds;
  console.log(`  ${label.padEnd(46)} ${formatCount(Math.round(rate)).padStart(12)} ${unit}/s  (${(1e9 / rate).toFixed(0)} ns each)`);
  return rate;
}

export function benchReducers(): void {
  console.log('reducers and simulator:');
  const events = 50_000;
  time('simulate (20% loss, 10% dup, 1% crash)', 'events', events, () => {
    simulate({ config, seed: 1, steps: events, faults });
  });

  // The server reducer alone, on the inputs of a faulty run, each applied to
  // the state the node had when it arrived.
  const inputs: { state: ServerState; input: Input }[] = [];
  const rng = new Rng(3);
  let w = new World(config, { faults, rng });
  for (let i = 0; inputs.length < 20_000; i++) {
    // A fresh single-decree instance now and then, with two competing clients.
    if (i % 400 === 0) {
      w = new World(config, { faults, rng });
      w.request('c0', 's1', `x${i}`);
      w.request('c1', 's2', `y${i}`);
    }
    const due = w.nextDue();
    if (!due) continue;
    if (due.kind === 'deliver') {
      inputs.push({ state: w.node(due.envelope.to), input: { kind: 'receive', from: due.envelope.from, msg: due.envelope.msg } });
      w.deliver(due.envelope);
    } else {
      inputs.push({ state: w.node(due.timer.node), input: { kind: 'timer', timer: due.timer.timer, bal: due.timer.bal } });
      w.fire(due.timer);
    }
  }
  const rounds = 50;
  time(`serverStep on ${formatCount(inputs.length)} recorded inputs`, 'steps', inputs.length * rounds, () => {
    for (let r = 0; r < rounds; r++) for (const { state, input } of inputs) serverStep(config, state, input);
  });

  // The acceptor's two protocol steps, plain object construction (the
  // production code) against the same logic written with immer.
  const acceptorInputs: Input[] = [];
  for (let b = 0; b < 200; b++) {
    acceptorInputs.push({ kind: 'receive', from: 'p', msg: { type: '1a', bal: b } });
    acceptorInputs.push({ kind: 'receive', from: 'p', msg: { type: '2a', bal: b, val: `v${b}` } });
    acceptorInputs.push({ kind: 'receive', from: 'p', msg: { type: '1a', bal: b } });
  }
  const reps = 500;
  const plain = time('acceptor step, plain objects', 'steps', acceptorInputs.length * reps, () => {
    for (let r = 0; r < reps; r++) {
      let s = initAcceptor('s1');
      for (const input of acceptorInputs) s = acceptorStep(config, s, input).state;
    }
  });
  const withImmer = time('acceptor step, immer produce', 'steps', acceptorInputs.length * reps, () => {
    for (let r = 0; r < reps; r++) {
      let s = initAcceptor('s1');
      for (const input of acceptorInputs) s = immerAcceptorStep(config, s, input).state;
    }
  });
  console.log(`  immer costs ${(plain / withImmer).toFixed(1)}x plain construction on this path`);
}

/** The acceptor's logic (acceptor.ts) written with immer, for the comparison only. */
function immerAcceptorStep(config: PaxosConfig, s: AcceptorState, input: Input): Step<AcceptorState> {
  if (input.kind !== 'receive') return { state: s, outputs: [] };
  const m = input.msg;
  const outputs: Output[] = [];
  const owner = (b: number) => ownerOf(config, b) ?? '';
  if (m.type === '1a') {
    if (m.bal > s.durable.maxBal) {
      const state = produce(s, (d) => {
        d.durable.maxBal = m.bal;
      });
      outputs.push({ kind: 'persist', role: 'acceptor', durable: state.durable });
      outputs.push({ kind: 'send', to: owner(m.bal), msg: { type: '1b', acc: s.id, bal: m.bal, mbal: state.durable.maxVBal, mval: state.durable.maxVal } });
      return { state, outputs };
    }
    if (m.bal < s.durable.maxBal) outputs.push({ kind: 'send', to: owner(m.bal), msg: { type: 'nack', acc: s.id, bal: m.bal, promised: s.durable.maxBal } });
    return { state: s, outputs };
  }
  if (m.type === '2a') {
    if (m.bal < s.durable.maxBal) return { state: s, outputs: [{ kind: 'send', to: owner(m.bal), msg: { type: 'nack', acc: s.id, bal: m.bal, promised: s.durable.maxBal } }] };
    const state = produce(s, (d) => {
      d.durable.maxBal = Math.max(m.bal, d.durable.maxBal);
      d.durable.maxVBal = m.bal;
      d.durable.maxVal = m.val;
    });
    outputs.push({ kind: 'persist', role: 'acceptor', durable: state.durable });
    for (const to of config.learners) outputs.push({ kind: 'send', to, msg: { type: '2b', acc: s.id, bal: m.bal, val: m.val } });
    return { state, outputs };
  }
  return { state: s, outputs };
}

