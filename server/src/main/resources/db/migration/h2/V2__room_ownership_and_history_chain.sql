-- Fencing: the epoch under which a member took a room; an append under an older epoch is refused.
ALTER TABLE rooms ADD COLUMN owner_epoch BIGINT DEFAULT 0 NOT NULL;
-- The room's history hash at a snapshot (the chain of the events after it is computed while loading).
ALTER TABLE room_snapshots ADD COLUMN chain VARCHAR(16);
-- The room's history hash after each event (null for events stored before it was kept).
ALTER TABLE room_events ADD COLUMN chain VARCHAR(16);
