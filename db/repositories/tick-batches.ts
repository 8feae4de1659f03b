/**
 * Group commit for small statements: what is submitted during one turn of the event loop goes to the
 * database as one batch, so a burst of votes or job updates costs one round trip and one commit per
 * batch instead of one each. Every submitter gets its own result; a failed batch fails exactly the
 * items in it.
 */
export class TickBatches<I, O> {
  private waiting: { item: I; resolve(out: O): void; reject(err: unknown): void }[] = [];
  private scheduled = false;

  /**
   * @param run writes a batch and resolves with one result per item, in order.
   * @param conflicts keys of an item that no other item of the same batch may share (the later one
   *   waits for the next batch, e.g. two votes with one idempotency key).
   */
  constructor(
    private readonly run: (batch: readonly I[]) => Promise<readonly O[]>,
    private readonly conflicts: (item: I) => readonly string[] = () => [],
    private readonly maxBatch = 500,
  ) {}

  submit(item: I): Promise<O> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    const batch: typeof this.waiting = [];
    const later: typeof this.waiting = [];
    const taken = new Set<string>();
    for (const w of this.waiting) {
      const keys = this.conflicts(w.item);
      if (batch.length >= this.maxBatch || keys.some((k) => taken.has(k))) {
        later.push(w);
        continue;
      }
      batch.push(w);
      for (const k of keys) taken.add(k);
    }
    this.waiting = later;
    if (later.length > 0) this.schedule();
    if (batch.length === 0) return;
    try {
      const outs = await this.run(batch.map((w) => w.item));
      if (outs.length !== batch.length) throw new Error(`batch of ${batch.length} gave ${outs.length} results`);
      batch.forEach((w, i) => w.resolve(outs[i]!));
    } catch (err) {
      for (const w of batch) w.reject(err);
    }
  }
}

/** Reads by id in batches: `read` gets the distinct ids of a turn and returns what it found by id. */
export function batchedReads<V>(read: (ids: string[]) => Promise<Map<string, V>>): TickBatches<string, V | undefined> {
  return new TickBatches(async (ids) => {
    const found = await read([...new Set(ids)]);
    return ids.map((id) => found.get(id));
  });
}
