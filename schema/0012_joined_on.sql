-- Every organization has a joining date: one created without it joined the day it was created
-- (it used to count as a member since the year 1, and so as "absent" from meetings long before
-- it existed). Its first membership row moves with it; approved minutes keep their snapshot.
UPDATE organization_history SET valid_from = (
    SELECT date(o.created_at, 'unixepoch') FROM organizations o WHERE o.id = organization_history.organization_id)
WHERE valid_from = '0001-01-01';
UPDATE organizations SET joined_on = date(created_at, 'unixepoch') WHERE joined_on IS NULL;
