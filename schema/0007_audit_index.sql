-- Every change writes one row to the audit log, and each index of it is one more b-tree to
-- update per write; reads of the log are rare. audit_by_time served no query: the audit page
-- filters with "(:from IS NULL OR at >= :from)", which SQLite cannot search by an index, and
-- walks the log by id. audit_by_resource (resource, at) did not cover resource_id, which the
-- GDPR erase and the personal-data export look up. One index now, on what they look up.
DROP INDEX audit_by_time;
DROP INDEX audit_by_resource;
CREATE INDEX audit_by_resource ON audit_log (resource, resource_id);
