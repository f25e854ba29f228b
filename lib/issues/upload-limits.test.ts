import { describe, expect, it } from 'vitest';
import { FORM_BODY_LIMIT_BYTES } from '@/lib/http/body-limit';
import { UPLOAD_MAX_FILE_BYTES, UPLOAD_MAX_FILES, UPLOAD_MAX_TOTAL_BYTES, uploadProblem } from './upload-limits';

const files = (count: number, size = 3000) => Array.from({ length: count }, (_, i) => ({ name: `issue-${i + 1}.txt`, size }));

describe('uploadProblem', () => {
  it('lets a batch within every limit through', () => {
    expect(uploadProblem(files(1))).toBeNull();
    expect(uploadProblem(files(UPLOAD_MAX_FILES))).toBeNull();
    expect(uploadProblem([{ name: 'big.txt', size: UPLOAD_MAX_FILE_BYTES }])).toBeNull();
  });

  it('asks for a file when none is chosen', () => {
    expect(uploadProblem([])).toBe('Please choose at least one issue file.');
  });

  it('names the count when there are too many files', () => {
    expect(uploadProblem(files(UPLOAD_MAX_FILES + 1))).toBe(
      `That is ${UPLOAD_MAX_FILES + 1} files; an import takes at most ${UPLOAD_MAX_FILES} at once. Import them in smaller batches.`,
    );
  });

  it('names empty files and files too large, with their sizes', () => {
    expect(
      uploadProblem([
        { name: 'a.txt', size: 10 },
        { name: 'blank.txt', size: 0 },
      ]),
    ).toBe('blank.txt is empty: an issue file holds at least a date and an article.');
    expect(uploadProblem([{ name: 'scan.txt', size: 600 * 1024 }])).toBe(
      'scan.txt (600 KB): an issue file may be at most 256 KB. Is it the right file?',
    );
  });

  it('keeps the whole batch under the form body limit that the proxy enforces', () => {
    expect(UPLOAD_MAX_TOTAL_BYTES).toBeLessThan(FORM_BODY_LIMIT_BYTES);
    expect(uploadProblem(files(10, 200 * 1024))).toMatch(/^The files come to 2,000 KB; an import takes at most 1,984 KB at once/);
  });
});
