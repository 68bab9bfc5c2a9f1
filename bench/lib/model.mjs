// What the Anthropic fake answers in the benchmark: after a fixed delay, a valid review with one
// comment per file of the batch, on a commentable line no static finding covers (when there is
// one). It reads the batch out of the prompt, as test/e2e/claude.test.ts does.

/** Every file section of a request's changed-files block: path, commentable lines, static findings. */
export function filesInBatch(promptText) {
  const start = promptText.lastIndexOf('<pr-data kind="changed-files">');
  if (start < 0) return [];
  return promptText
    .slice(start)
    .split(/^## File: /m)
    .slice(1)
    .map((section) => {
      const path = section.slice(0, section.indexOf('\n'));
      const rangesText = /^### Commentable lines: (.*)$/m.exec(section)?.[1] ?? '';
      const lines = rangesText
        .split(', ')
        .filter(Boolean)
        .flatMap((r) => {
          const [a, b = a] = r.split('-').map(Number);
          return Array.from({ length: b - a + 1 }, (_, i) => a + i);
        });
      const statics = [...section.matchAll(/^- lines (\d+)-(\d+) `([^`]+)`/gm)].map((m) => ({ start: Number(m[1]), end: Number(m[2]) }));
      return { path, lines, statics };
    });
}

/**
 * A responder for the Anthropic fake (`anthropic.setFallback`).
 * @param {any} reply the fake's `reply`
 * @param {number} delayMs how long every answer takes (the request stays in flight)
 */
export function reviewingModel(reply, delayMs) {
  return (call) => {
    const files = filesInBatch(call.promptText);
    const comments = files.flatMap((f) => {
      const line = f.lines.find((l) => !f.statics.some((s) => s.start <= l && l <= s.end));
      return line === undefined
        ? []
        : [{ path: f.path, line, severity: 'warning', category: 'performance', title: `A second look at ${f.path}`, body: 'The benchmark model comments once per file, on a line no static finding covers.' }];
    });
    const review = reply.json({ comments, summary: `Reviewed ${files.length} file(s).` });
    return delayMs > 0 ? reply.slow(delayMs, review) : review;
  };
}
