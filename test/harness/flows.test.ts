// Flows over recorded traces (test/fixtures/trace/): pipe bytes writer → reader, who wrote a
// test stream, System V messages sender → receiver by type.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { channelFlows, messageFlows, streamWriters } from '../../harness/observe/flows.js';
import { parseTrace } from '../../harness/observe/trace.js';

const events = (name: string) => parseTrace(readFileSync(join('test', 'fixtures', 'trace', `${name}.txt`), 'latin1')).events;

describe('channelFlows', () => {
  it('gives the bytes the parent wrote and its exec\'d child read, by pipe inode', () => {
    const flows = channelFlows(events('pipe'));
    expect(flows).toHaveLength(1);
    expect(flows[0]).toMatchObject({ channel: 'pipe:[386742]', inode: 386742, transfers: [{ from: 23980, to: 23981, bytes: 5 }], unread: 0 });
  });

  it('splits writes over reads in byte order and counts what nobody read', () => {
    const text = [
      '1 1.000000 write(3<pipe:[7]>, "ab"..., 4) = 4',
      '2 1.000100 write(3<pipe:[7]>, "cd"..., 4) = 4',
      '3 1.000200 read(0<pipe:[7]>, "ab"..., 6) = 6',
      '4 1.000300 read(0<pipe:[7]>, "d"..., 1) = 1',
      '1 1.000400 write(3<pipe:[7]>, "ef"..., 2) = 2',
      '5 1.000500 write(4</work/fifo>, "x", 1) = 1',
      '6 1.000600 read(4</work/fifo>, "x", 1) = 1',
      '6 1.000700 read(5</work/notes.txt>, "x", 1) = 1',
    ].join('\n');
    const flows = channelFlows(parseTrace(text).events, ['/work/fifo']);
    const pipe = flows.find((f) => f.inode === 7)!;
    expect(pipe.transfers).toEqual([{ from: 1, to: 3, bytes: 4 }, { from: 2, to: 3, bytes: 2 }, { from: 2, to: 4, bytes: 1 }]);
    expect(pipe.unread).toBe(3);
    expect(flows.find((f) => f.channel === '/work/fifo')!.transfers).toEqual([{ from: 5, to: 6, bytes: 1 }]);
    expect(flows.some((f) => f.channel === '/work/notes.txt')).toBe(false); // a regular file is no channel
  });
});

describe('streamWriters', () => {
  it('names who wrote each chunk of a test stream by the init\'s pipe inode', () => {
    const text = ['2 1.0 x', '6 1.000100 write(1<pipe:[50]>, "hi"..., 3) = 3', '7 1.000200 write(1<pipe:[50]>, "ok"..., 2) = 2', '7 1.000300 write(2<pipe:[51]>, "e", 1) = 1'].join('\n');
    const w = streamWriters(parseTrace(text).events, [{ id: 0, role: 'out', dev: 12, inode: 50 }, { id: 1, role: 'out', dev: 12, inode: 51 }, { id: 2, role: 'in', dev: 12, inode: 52 }], { main: 0, 'main.stderr': 1 });
    expect(w.main.map((c) => [c.pid, c.bytes])).toEqual([[6, 3], [7, 2]]);
    expect(w['main.stderr'].map((c) => c.pid)).toEqual([7]);
  });
});

describe('messageFlows', () => {
  it('pairs each msgrcv with the msgsnd of its type, even when the receive returns before the send', () => {
    const flows = messageFlows(events('msg'));
    const pairs = flows.map((f) => [f.type, f.from, f.to]);
    expect(pairs).toEqual(expect.arrayContaining([
      [23986, 23986, 23985], [23987, 23987, 23985], [123986, 23985, 23986], [123987, 23985, 23987],
    ]));
    expect(flows).toHaveLength(4);
    expect(flows.every((f) => f.queue === 32768)).toBe(true);
  });

  it('leaves a message nobody received without a receiver', () => {
    const flows = messageFlows(parseTrace('3 1.000000 msgsnd(5, {mtype=2, mtext="hi"...}, 3, 0) = 0\n').events);
    expect(flows).toEqual([{ queue: 5, type: 2, bytes: 3, from: 3, sentMs: 1000 }]);
  });
});
