-- The issue list (GET /api/issues): what it filters on, what it sorts by, and its text search.

CREATE INDEX issue_view_status ON issue_view (status, created_at);
CREATE INDEX issue_view_team ON issue_view (team, created_at);
CREATE INDEX issue_view_category ON issue_view (category, created_at);
CREATE INDEX issue_view_owner ON issue_view (owner, created_at);
CREATE INDEX issue_view_created_at ON issue_view (created_at);

-- Full text search over title and description with the 'simple' configuration: no stemming and no stop
-- words, so it behaves the same for every language PostgreSQL's parser can split into words, and it needs
-- no extension (pg_trgm is not always allowed on a managed database, and a failing migration stops the
-- service). The query must repeat this expression exactly for the index to be used.
CREATE INDEX issue_view_text ON issue_view
    USING gin (to_tsvector('simple', coalesce(title, '') || ' ' || coalesce(description, '')));
