package nl.werkplaats.room;

/** Which step a content command writes in: one answer for every rule that asks (pre-work, breakout groups). */
final class CommandStep {
  private CommandStep() {}

  /** The step {@code command} writes in, or null when it is not a content command or names no step that exists. */
  static Integer of(RoomState s, Command command) {
    if (command instanceof Command.EditText c) {
      return c.step();
    } else if (command instanceof Command.SetStatus c) {
      return c.step();
    } else if (command instanceof Command.AssentJointAnswer c) {
      return c.step();
    } else if (command instanceof Command.SaveAgreement c) {
      Agreement existing = c.agreementId() == null ? null : s.agreements.get(c.agreementId());
      return existing != null ? existing.step() : c.step();
    } else if (command instanceof Command.RemoveAgreement c) {
      Agreement existing = s.agreements.get(c.agreementId());
      return existing == null ? null : existing.step();
    } else if (command instanceof Command.AddCard c) {
      return c.step();
    } else if (command instanceof Command.EditCard c) {
      return c.step();
    } else if (command instanceof Command.RemoveCard c) {
      return c.step();
    } else if (command instanceof Command.SaveGroup c) {
      return c.step();
    } else if (command instanceof Command.MoveCard c) {
      return c.step();
    } else if (command instanceof Command.Vote c) {
      return c.step();
    } else if (command instanceof Command.Rate c) {
      return c.step();
    } else if (command instanceof Command.TakeRole c) {
      return c.step();
    } else if (command instanceof Command.Evaluate c) {
      return c.step();
    } else if (command instanceof Command.UpdateBacklogItem c) {
      return c.step();
    }
    return null;
  }
}
