// Optimistic editing of one shared text (a checklist answer, the joint answer, a canvas field).
//
// The server merges every edit three-way (docs/protocol.md, "Shared texts"). The client keeps:
//   server   - the text as last received from the server;
//   view     - what the draft is based on: the server text with our command in flight applied to it, as the
//              server will most likely compute it (the same merge runs here);
//   draft    - what the textarea shows: view plus the typing not yet sent.
// At most one edit per text is in flight. When another person's change arrives, the draft is re-based with a
// three-way merge (base = view, mine = draft, theirs = the new view). When our own change comes back (or the
// ack tells that it changed nothing), the in-flight edit is done.
import { merge3 } from './textMerge';

export interface EditCommand {
  base: string;
  text: string;
}

interface InFlight {
  base: string;
  text: string;
  /** The seq of the ack, once it came. */
  ackSeq: number | null;
}

export class SharedTextSync {
  private server: string;
  private view: string;
  private draftText: string;
  private inflight: InFlight | null = null;

  constructor(initial: string) {
    this.server = initial;
    this.view = initial;
    this.draftText = initial;
  }

  get draft(): string {
    return this.draftText;
  }

  get serverText(): string {
    return this.server;
  }

  get busy(): boolean {
    return this.inflight !== null;
  }

  /** Whether there is typing that has not been sent yet. */
  get dirty(): boolean {
    return this.draftText !== this.view;
  }

  /** The user typed: the textarea now holds `text`. */
  edit(text: string): void {
    this.draftText = text;
  }

  /** The next command to send, or null while one is in flight or nothing changed. */
  takeCommand(): EditCommand | null {
    if (this.inflight || this.draftText === this.view) return null;
    const cmd = { base: this.server, text: this.draftText };
    this.inflight = { base: cmd.base, text: cmd.text, ackSeq: null };
    this.view = this.draftText;
    return cmd;
  }

  /**
   * The server's text changed. `own` says it is the result of our edit in flight (our participant id, or the
   * seq of our ack).
   */
  serverChanged(text: string, own: boolean): void {
    if (text === this.server && !own) return;
    this.server = text;
    let newView: string;
    if (this.inflight && !own) {
      // Somebody else's change came first; ours will be merged onto it by the server.
      newView = merge3(this.inflight.base, this.inflight.text, text);
    } else {
      this.inflight = null;
      newView = text;
    }
    this.draftText = merge3(this.view, this.draftText, newView);
    this.view = newView;
  }

  /** Our edit was acknowledged at `seq`; `storeSeq` is the seq the store has applied so far. */
  acked(seq: number, storeSeq: number): void {
    if (!this.inflight) return;
    this.inflight.ackSeq = seq;
    if (storeSeq >= seq) this.settle();
  }

  /** The store reached `storeSeq`: an acknowledged edit whose event we did not recognise is done. */
  caughtUp(storeSeq: number): void {
    if (this.inflight && this.inflight.ackSeq !== null && storeSeq >= this.inflight.ackSeq) this.settle();
  }

  /** Is the text event at `seq` the answer to our edit in flight? */
  isOwnSeq(seq: number | null): boolean {
    return seq !== null && this.inflight?.ackSeq === seq;
  }

  /** Our edit was refused: back to the server's text; the refused typing is dropped. */
  rejected(): void {
    this.inflight = null;
    this.view = this.server;
    this.draftText = this.server;
  }

  private settle(): void {
    this.inflight = null;
    this.draftText = merge3(this.view, this.draftText, this.server);
    this.view = this.server;
  }
}
