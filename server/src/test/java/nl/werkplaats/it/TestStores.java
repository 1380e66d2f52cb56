package nl.werkplaats.it;

import nl.werkplaats.store.Store;

/** The stores tests run nodes with. */
final class TestStores {
  private TestStores() {}

  /** The single-node default: an embedded store in a fresh directory. */
  static Store embedded() {
    return null;
  }
}
