-- An event is a few hundred bytes of JSON. As a CLOB, H2 keeps every value longer than 256 bytes out of the
-- row, in its LOB maps (a temporary LOB, then a copy for the table, and its references): three more B-trees
-- changed and written with every commit of such an event (most joins, many other changes). As CHARACTER
-- VARYING (no length: up to H2's limit of 1,000,000,000 characters, far above any event the room makes) the
-- value is stored in the row itself. Existing events are copied into the rows by this statement; reading
-- them is unchanged (a string). Snapshots (tens to hundreds of kilobytes, every 100 events) stay CLOBs.
ALTER TABLE room_events ALTER COLUMN event SET DATA TYPE CHARACTER VARYING;
COMMENT ON COLUMN room_events.event IS 'the event as JSON (full form, credentials included), stored in the row';
