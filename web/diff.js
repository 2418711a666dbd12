// Line diff between two revisions: longest common subsequence over the lines that differ after
// the common head and tail are set aside (revisions usually change a few lines of a long text).

const MAX_CELLS = 4_000_000;

export function lineDiff(oldText, newText) {
  const a = (oldText || '').split('\n');
  const b = (newText || '').split('\n');
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head &&
         a[a.length - 1 - tail] === b[b.length - 1 - tail]) {
    tail++;
  }
  const oldMiddle = a.slice(head, a.length - tail);
  const newMiddle = b.slice(head, b.length - tail);
  const ops = a.slice(0, head).map((line) => ({op: 'same', line}));
  if (oldMiddle.length * newMiddle.length > MAX_CELLS) {
    // Too large to align line by line in the browser: show the whole middle as replaced.
    for (const line of oldMiddle) ops.push({op: 'removed', line});
    for (const line of newMiddle) ops.push({op: 'added', line});
  } else {
    ops.push(...alignMiddle(oldMiddle, newMiddle));
  }
  for (const line of a.slice(a.length - tail)) ops.push({op: 'same', line});
  return ops;
}

function alignMiddle(a, b) {
  const width = b.length + 1;
  // lengths[i * width + j] = LCS length of a[i..] and b[j..].
  const lengths = new Uint32Array((a.length + 1) * width);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lengths[i * width + j] = a[i] === b[j] ?
          lengths[(i + 1) * width + j + 1] + 1 :
          Math.max(lengths[(i + 1) * width + j], lengths[i * width + j + 1]);
    }
  }
  const ops = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      ops.push({op: 'same', line: a[i]});
      i++;
      j++;
    } else if (lengths[(i + 1) * width + j] >= lengths[i * width + j + 1]) {
      ops.push({op: 'removed', line: a[i++]});
    } else {
      ops.push({op: 'added', line: b[j++]});
    }
  }
  while (i < a.length) ops.push({op: 'removed', line: a[i++]});
  while (j < b.length) ops.push({op: 'added', line: b[j++]});
  return ops;
}

// Long unchanged stretches fold to a few lines of context around each change.
export function withContext(ops, context = 2) {
  const keep = ops.map((o) => o.op !== 'same');
  const near = keep.map((_, index) => {
    for (let k = Math.max(0, index - context); k <= Math.min(ops.length - 1, index + context);
         k++) {
      if (keep[k]) return true;
    }
    return false;
  });
  const out = [];
  let skipped = 0;
  ops.forEach((o, index) => {
    if (near[index]) {
      if (skipped) out.push({op: 'skip', count: skipped});
      skipped = 0;
      out.push(o);
    } else {
      skipped++;
    }
  });
  if (skipped) out.push({op: 'skip', count: skipped});
  return out;
}
