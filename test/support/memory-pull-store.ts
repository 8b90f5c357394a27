/** PullStore in memory, with the DynamoDB adapter's semantics (forward-only watermark, expiring lease). */
import type { PullStore } from '../../src/pull/pull.ts';

export class MemoryPullStore implements PullStore {
  readonly watermarks = new Map<string, string>();
  readonly leases = new Map<string, { owner: string; expiresAtMs: number }>();
  /** Every call, in order, for assertions. */
  readonly calls: string[] = [];

  async readWatermark(searchId: string): Promise<string | undefined> {
    this.calls.push(`readWatermark ${searchId}`);
    return this.watermarks.get(searchId);
  }

  async advanceWatermark(searchId: string, day: string): Promise<void> {
    this.calls.push(`advanceWatermark ${searchId} ${day}`);
    const current = this.watermarks.get(searchId);
    if (current === undefined || current < day) this.watermarks.set(searchId, day);
  }

  async acquireLease(searchId: string, owner: string, nowMs: number, expiresAtMs: number): Promise<boolean> {
    this.calls.push(`acquireLease ${searchId}`);
    const lease = this.leases.get(searchId);
    if (lease && lease.owner !== owner && lease.expiresAtMs > nowMs) return false;
    this.leases.set(searchId, { owner, expiresAtMs });
    return true;
  }

  async releaseLease(searchId: string, owner: string): Promise<void> {
    this.calls.push(`releaseLease ${searchId}`);
    if (this.leases.get(searchId)?.owner === owner) this.leases.delete(searchId);
  }
}
