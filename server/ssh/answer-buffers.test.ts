import { describe, expect, it } from 'vitest';
import { AnswerBytes, answerBuffersKept, borrowAnswerBuffer, KEPT_ANSWER_BUFFERS, returnAnswerBuffer } from './answer-buffers';

describe('answer buffers', () => {
  it('lends a buffer at least as large as asked, and lends it again once given back', () => {
    const a = borrowAnswerBuffer(200_000);
    expect(a.length).toBeGreaterThanOrEqual(200_000);
    returnAnswerBuffer(a);
    const b = borrowAnswerBuffer(150_000);
    expect(b).toBe(a);
    // Lent out, it is not lent twice.
    expect(borrowAnswerBuffer(150_000)).not.toBe(a);
    returnAnswerBuffer(b);
    returnAnswerBuffer(b);
    expect(answerBuffersKept()).toBe(1);
  });

  it('lends the smallest that fits, whatever the order they came back in', () => {
    const small = borrowAnswerBuffer(10);
    const large = borrowAnswerBuffer(300_000);
    returnAnswerBuffer(small);
    returnAnswerBuffer(large);
    expect(borrowAnswerBuffer(0)).toBe(small);
    expect(borrowAnswerBuffer(200_000)).toBe(large);
  });

  it('keeps a few, and not the buffers of outsized answers', () => {
    const before = answerBuffersKept();
    returnAnswerBuffer(borrowAnswerBuffer(4 * 1024 * 1024));
    expect(answerBuffersKept()).toBe(before);
    for (let i = 0; i < KEPT_ANSWER_BUFFERS + 12; i++) returnAnswerBuffer(Buffer.alloc(65536));
    expect(answerBuffersKept()).toBe(KEPT_ANSWER_BUFFERS);
  });
});

describe('AnswerBytes', () => {
  const chunks = (n: number, size: number) => Array.from({ length: n }, (_, i) => Buffer.alloc(size, 97 + (i % 26)));

  it('holds the chunks in order in one lent buffer, growing into a bigger loan when the answer is longer than expected', () => {
    const answer = new AnswerBytes();
    const parts = chunks(5, 30_000);
    for (const c of parts) answer.append(c, 64 * 1024);
    expect(answer.length).toBe(150_000);
    const { bytes, release } = answer.lend();
    expect(bytes.equals(Buffer.concat(parts))).toBe(true);
    expect(answer.length).toBe(0);
    // Lent until released, then lent again.
    expect(borrowAnswerBuffer(150_000).buffer).not.toBe(bytes.buffer);
    release();
    release();
    expect(borrowAnswerBuffer(150_000).buffer).toBe(bytes.buffer);
  });

  it('copies each chunk at once: the chunk may be reused or dropped by the sender', () => {
    const answer = new AnswerBytes();
    const chunk = Buffer.from('first ');
    answer.append(chunk, 0);
    chunk.fill(0);
    answer.append(Buffer.from('second\n'), 0);
    expect(answer.take().toString()).toBe('first second\n');
  });

  it('tells whether the bytes end with a tail, across chunk boundaries and before any bytes', () => {
    const answer = new AnswerBytes();
    const tail = Buffer.from('\nDONE\n');
    expect(answer.endsWith(tail)).toBe(false);
    answer.append(Buffer.from('body\nDO'), 0);
    expect(answer.endsWith(tail)).toBe(false);
    answer.append(Buffer.from('NE\n'), 0);
    expect(answer.endsWith(tail)).toBe(true);
    expect(answer.endsWith(Buffer.from('x'.repeat(100)))).toBe(false);
    const own = answer.take();
    expect(own.toString()).toBe('body\nDONE\n');
    expect(answer.lend().bytes.length).toBe(0);
  });
});
