-- Organiser accounts (docs/security.md#organiser-accounts). Keep in step with ../postgresql/.
-- An organiser signs in with an e-mail address and a password (an Argon2id hash, never the password), or
-- through the organisation's OpenID Connect provider (issuer and subject).
CREATE TABLE organisers (
  organiser_id  VARCHAR(64)  NOT NULL PRIMARY KEY,
  email         VARCHAR(320) NOT NULL,
  display_name  VARCHAR(200) NOT NULL,
  password_hash VARCHAR(200),
  oidc_issuer   VARCHAR(400),
  oidc_subject  VARCHAR(255),
  created_at    BIGINT       NOT NULL
);
CREATE UNIQUE INDEX organisers_email ON organisers (email);
CREATE UNIQUE INDEX organisers_oidc ON organisers (oidc_issuer, oidc_subject);

-- Signed-in organisers: the SHA-256 of the session token in their cookie, never the token itself. Every node
-- reads the same rows, so a sign-in on one node holds on every other.
CREATE TABLE organiser_sessions (
  token_hash   CHAR(64)    NOT NULL PRIMARY KEY,
  organiser_id VARCHAR(64) NOT NULL REFERENCES organisers (organiser_id) ON DELETE CASCADE,
  created_at   BIGINT      NOT NULL,
  expires_at   BIGINT      NOT NULL
);
CREATE INDEX organiser_sessions_expires ON organiser_sessions (expires_at);

-- The organiser account that created a session (room); null for rooms made with the organiser key (the
-- administrator's) and for rooms made before accounts existed.
ALTER TABLE rooms ADD COLUMN owner VARCHAR(64);
CREATE INDEX rooms_owner ON rooms (owner);

-- Sessions shared with other organisers: they see and manage them as the owner does.
CREATE TABLE room_organisers (
  room_id      VARCHAR(64) NOT NULL REFERENCES rooms (room_id) ON DELETE CASCADE,
  organiser_id VARCHAR(64) NOT NULL REFERENCES organisers (organiser_id) ON DELETE CASCADE,
  added_at     BIGINT      NOT NULL,
  PRIMARY KEY (room_id, organiser_id)
);
CREATE INDEX room_organisers_organiser ON room_organisers (organiser_id);
