import { describe, expect, it } from 'vitest';
import { multiLine, singleLine } from './text.js';

describe('free text', () => {
  it('trims, bounds and refuses blanks', () => {
    expect(singleLine(10, 'A name').parse('  王芳 ')).toBe('王芳');
    expect(singleLine(10, 'A name').safeParse('   ').success).toBe(false);
    expect(singleLine(3, 'A name').safeParse('abcd').success).toBe(false);
    expect(singleLine(40, 'A tag', 2).safeParse('x').success).toBe(false);
  });
  it('refuses control characters, letting notes keep their line breaks', () => {
    for (const bad of ['\u0000', 'abc\u0000def', '\u0007\u0008\u001b[31mred', 'x\u007f\u0085y'])
      expect(singleLine(50, 'A name').safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    expect(singleLine(50, 'A name').safeParse('two\nlines').success).toBe(false);
    expect(multiLine(50, 'A note').parse('two\nlines\twith a tab')).toBe('two\nlines\twith a tab');
    expect(multiLine(50, 'A note').safeParse('bell\u0007').success).toBe(false);
  });
});
