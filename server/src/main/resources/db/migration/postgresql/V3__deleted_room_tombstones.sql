-- A deleted room leaves a tombstone: no save (a stale owner, a command that raced the deletion, a new room
-- under the same id) and no load brings the room back.
CREATE TABLE deleted_rooms (
  room_id    VARCHAR(64) NOT NULL PRIMARY KEY,
  deleted_at BIGINT      NOT NULL
);
