-- Found by the scale benchmark (tests/bench/run, 500,000 check-ins): the attendance of one
-- meeting was read by scanning the whole table, because the only index starting with
-- meeting_id is partial (person_id IS NOT NULL) and guests have no person.
CREATE INDEX attendance_by_meeting ON attendance (meeting_id, checked_in_at, id);
