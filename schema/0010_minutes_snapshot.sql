-- Approved minutes are frozen: the whole document model (attendance figures, roll-call, agenda,
-- presenters, decisions, action items, the meeting and names as they were) is stored as JSON at
-- approval, and every export of approved minutes renders from it.
ALTER TABLE minutes ADD COLUMN snapshot TEXT;
