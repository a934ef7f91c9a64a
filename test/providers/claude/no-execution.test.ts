import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const PROVIDERS = fileURLToPath(new URL('../../../src/providers/', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sources(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );
}

describe('the answer never makes the CLI run anything', () => {
  it('no provider code can spawn processes or evaluate text', () => {
    for (const file of sources(PROVIDERS)) {
      const text = readFileSync(file, 'utf8');
      expect(text, file).not.toMatch(/child_process|\beval\(|new Function\(|\bexecSync\b|\bspawn\(|\bvm\b['"]/);
    }
  });
});
