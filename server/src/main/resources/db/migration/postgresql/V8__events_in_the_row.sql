-- Kept in step with ../h2/V8: there the events' column moves from a CLOB (stored out of the row above 256 bytes)
-- to CHARACTER VARYING. PostgreSQL's TEXT already keeps short values in the row (and compresses or moves out of
-- line only values of about 2 kB and more), so nothing changes here but the column's comment.
COMMENT ON COLUMN room_events.event IS 'the event as JSON (full form, credentials included), stored in the row';
