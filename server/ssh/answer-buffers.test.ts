import { describe, expect, it } from 'vitest';
import { answerBuffersKept, borrowAnswerBuffer, returnAnswerBuffer } from './answer-buffers';

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

  it('keeps a few, and not the buffers of outsized answers', () => {
    const before = answerBuffersKept();
    returnAnswerBuffer(borrowAnswerBuffer(4 * 1024 * 1024));
    expect(answerBuffersKept()).toBe(before);
    for (let i = 0; i < 20; i++) returnAnswerBuffer(Buffer.alloc(65536));
    expect(answerBuffersKept()).toBe(8);
  });
});
