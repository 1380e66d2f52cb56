package nl.werkplaats.account;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Optional;
import nl.werkplaats.gateway.Secrets;
import nl.werkplaats.store.JdbcStore;

/**
 * Organiser accounts and their signed-in sessions, in the store's database (tables {@code organisers} and
 * {@code organiser_sessions}, migration V4): every node of a cluster reads the same rows, so a sign-in on one
 * node holds on all. Only hashes are kept: Argon2id for passwords, SHA-256 for session tokens. Calls block.
 */
public final class OrganiserAccounts {
  /** The longest e-mail address (RFC 5321's path limit) and display name. */
  public static final int MAX_EMAIL = 320;
  public static final int MAX_NAME = 200;

  private final JdbcStore store;

  public OrganiserAccounts(JdbcStore store) {
    this.store = store;
  }

  /** An account with what checks its password (null for one that signs in through OpenID Connect only). */
  public record Account(Organiser organiser, String passwordHash) {}

  /** Lower case, no surrounding spaces; null when it does not look like an e-mail address. */
  public static String normaliseEmail(String email) {
    if (email == null) {
      return null;
    }
    String e = email.strip().toLowerCase(Locale.ROOT);
    int at = e.indexOf('@');
    if (e.length() > MAX_EMAIL || at < 1 || at != e.lastIndexOf('@') || at == e.length() - 1
        || e.codePoints().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
      return null;
    }
    return e;
  }

  /** A display name: stripped, 1 to {@link #MAX_NAME} characters, no control characters; else null. */
  public static String normaliseName(String name) {
    if (name == null) {
      return null;
    }
    String n = name.strip();
    if (n.isEmpty() || n.length() > MAX_NAME || n.codePoints().anyMatch(Character::isISOControl)) {
      return null;
    }
    return n;
  }

  public int count() {
    return inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM organisers"); ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }, "count organiser accounts");
  }

  /**
   * Makes an account that signs in with a password ({@code passwordHash} from {@link PasswordHashing}).
   * Refused (409) when the e-mail address has an account already.
   */
  public Organiser create(String email, String displayName, String passwordHash) {
    return inTransaction(c -> insert(c, email, displayName, passwordHash, null, null), "create an organiser account");
  }

  /**
   * The first account of a node made through the set-up link (while there is none): it also takes over the
   * sessions made before accounts existed, such as the demo room. Refused (409) when an account exists.
   */
  public Organiser createFirst(String email, String displayName, String passwordHash) {
    return inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM organisers"); ResultSet rs = ps.executeQuery()) {
        rs.next();
        if (rs.getInt(1) > 0) {
          throw new Refusal(409, "exists", "this server has organiser accounts already; ask the administrator");
        }
      }
      Organiser made = insert(c, email, displayName, passwordHash, null, null);
      try (PreparedStatement ps = c.prepareStatement("UPDATE rooms SET owner = ? WHERE owner IS NULL")) {
        ps.setString(1, made.id());
        ps.executeUpdate();
      }
      return made;
    }, "create the first organiser account");
  }

  /** The account with this organiser id, if there is one (the organiser key's holder has none). */
  public Optional<Organiser> findById(String id) {
    return inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT organiser_id, email, display_name FROM organisers WHERE organiser_id = ?")) {
        ps.setString(1, id);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(organiser(rs)) : Optional.<Organiser>empty();
        }
      }
    }, "find an organiser account by id");
  }

  public Optional<Account> findByEmail(String email) {
    return inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT organiser_id, email, display_name, password_hash FROM organisers WHERE email = ?")) {
        ps.setString(1, email);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(new Account(organiser(rs), rs.getString(4))) : Optional.<Account>empty();
        }
      }
    }, "find an organiser account");
  }

  /**
   * The account of someone the OpenID Connect provider {@code issuer} vouched for: the one linked to its
   * subject; else the one with the same (verified) e-mail address, which is linked to it from now on; else a
   * new one. An account linked to another subject of the same issuer is not taken over (409).
   */
  public Organiser forOpenIdSubject(String issuer, String subject, String email, String displayName) {
    return inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT organiser_id, email, display_name FROM organisers "
          + "WHERE oidc_issuer = ? AND oidc_subject = ?")) {
        ps.setString(1, issuer);
        ps.setString(2, subject);
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next()) {
            return organiser(rs);
          }
        }
      }
      try (PreparedStatement ps = c.prepareStatement("SELECT organiser_id, email, display_name, oidc_subject, oidc_issuer "
          + "FROM organisers WHERE email = ?")) {
        ps.setString(1, email);
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next()) {
            if (rs.getString(4) != null) {
              throw new Refusal(409, "exists", "this e-mail address belongs to another sign-in");
            }
            Organiser found = organiser(rs);
            try (PreparedStatement link = c.prepareStatement(
                "UPDATE organisers SET oidc_issuer = ?, oidc_subject = ? WHERE organiser_id = ?")) {
              link.setString(1, issuer);
              link.setString(2, subject);
              link.setString(3, found.id());
              link.executeUpdate();
            }
            return found;
          }
        }
      }
      return insert(c, email, displayName, null, issuer, subject);
    }, "find or make the account of a sign-in");
  }

  private static Organiser insert(Connection c, String email, String displayName, String passwordHash, String issuer,
      String subject) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM organisers WHERE email = ?")) {
      ps.setString(1, email);
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          throw new Refusal(409, "exists", "there is an account with this e-mail address already");
        }
      }
    }
    Organiser made = new Organiser(Secrets.id("o"), email, displayName);
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO organisers (organiser_id, email, display_name, "
        + "password_hash, oidc_issuer, oidc_subject, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      ps.setString(1, made.id());
      ps.setString(2, email);
      ps.setString(3, displayName);
      ps.setString(4, passwordHash);
      ps.setString(5, issuer);
      ps.setString(6, subject);
      ps.setLong(7, System.currentTimeMillis());
      ps.executeUpdate();
    }
    return made;
  }

  // ------------------------------------------------------------------------------------------ sessions

  /** Starts a signed-in session for {@code organiser} until {@code expiresAt}; answers its token (kept as a hash). */
  public String startSession(Organiser organiser, long now, long expiresAt) {
    String token = Secrets.token(32);
    inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM organiser_sessions WHERE expires_at <= ?")) {
        ps.setLong(1, now);
        ps.executeUpdate();
      }
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO organiser_sessions (token_hash, organiser_id, created_at, expires_at) VALUES (?, ?, ?, ?)")) {
        ps.setString(1, Secrets.sha256(token));
        ps.setString(2, organiser.id());
        ps.setLong(3, now);
        ps.setLong(4, expiresAt);
        ps.executeUpdate();
      }
      return null;
    }, "start a signed-in session");
    return token;
  }

  /** The organiser signed in with {@code token}, unless the session ended, expired or never was. */
  public Optional<Organiser> session(String token, long now) {
    if (token == null || token.isEmpty() || token.length() > 100) {
      return Optional.empty();
    }
    return inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT o.organiser_id, o.email, o.display_name FROM organiser_sessions s "
          + "JOIN organisers o ON o.organiser_id = s.organiser_id WHERE s.token_hash = ? AND s.expires_at > ?")) {
        ps.setString(1, Secrets.sha256(token));
        ps.setLong(2, now);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(organiser(rs)) : Optional.<Organiser>empty();
        }
      }
    }, "read a signed-in session");
  }

  /** Signs out: the session's token opens nothing any more, on any node. */
  public void endSession(String token) {
    if (token == null || token.isEmpty()) {
      return;
    }
    inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM organiser_sessions WHERE token_hash = ?")) {
        ps.setString(1, Secrets.sha256(token));
        return ps.executeUpdate();
      }
    }, "end a signed-in session");
  }

  /** A transaction of the store's; a {@link Refusal} inside comes out as itself (rolled back). */
  private <T> T inTransaction(JdbcStore.Work<T> work, String what) {
    try {
      return store.inTransaction(work, what);
    } catch (nl.werkplaats.store.StoreException e) {
      if (e.getCause() instanceof Refusal r) {
        throw r;
      }
      throw e;
    }
  }

  private static Organiser organiser(ResultSet rs) throws SQLException {
    return new Organiser(rs.getString(1), rs.getString(2), rs.getString(3));
  }
}
