// Who is working at this desk. The gateway wants the name and CCCD of the person behind each lookup
// (hoTenCb / cccdCb); a shared PC changes hands during the day, so the desk asks at the start and again
// after a configurable time without activity, and anyone on the roster can take over at any moment.
import type { Operator } from '../contract';
import type { Clock } from '../util/clock';
import type { SettingsStore } from '../settings/settings-store';

export class OperatorSession {
  private signedIn: { idNumber: string; lastActivity: number } | null = null;
  private readonly listeners = new Set<(operator: Operator | null) => void>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly settings: SettingsStore,
    private readonly clock: Clock,
  ) {
    // The lock must show on the screen even when nobody touches the desk.
    this.timer = setInterval(() => this.current(), 15_000);
    this.timer.unref();
  }

  /** The operator signed in, or null when nobody is or the desk locked itself. */
  current(): Operator | null {
    if (!this.signedIn) return null;
    const operator = this.settings.operator(this.signedIn.idNumber);
    const idleMs = this.clock.now().getTime() - this.signedIn.lastActivity;
    if (!operator || idleMs > this.settings.get().operatorLockMinutes * 60_000) {
      this.signedIn = null;
      this.emit(null);
      return null;
    }
    return operator;
  }

  /** Null when the CCCD is not on the roster. */
  signIn(idNumber: string): Operator | null {
    const operator = this.settings.operator(idNumber);
    if (!operator) return null;
    this.signedIn = { idNumber, lastActivity: this.clock.now().getTime() };
    this.emit(operator);
    return operator;
  }

  signOut(): void {
    if (!this.signedIn) return;
    this.signedIn = null;
    this.emit(null);
  }

  /** Work at the desk keeps the operator signed in. */
  touch(): void {
    if (this.signedIn && this.current()) this.signedIn.lastActivity = this.clock.now().getTime();
  }

  watch(listener: (operator: Operator | null) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): void {
    clearInterval(this.timer);
    this.listeners.clear();
  }

  private emit(operator: Operator | null): void {
    for (const listener of this.listeners) listener(operator);
  }
}
