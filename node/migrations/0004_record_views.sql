-- A readable copy of every record, for the tools a city's IT team has:
-- the sqlite3 shell, a spreadsheet's or a BI tool's SQLite connector.
-- records.data stays the record itself (protobuf, the form it is signed
-- and shared in); records.data_json is record.JSON of the same message,
-- written in the same statement as data. Rows stored before this column
-- existed are filled in once when the node opens the database. It is not
-- called "json": json_each has a hidden column of that name, which an
-- unqualified "json" inside a json_each subquery would silently mean.
--
-- The views below are the documented way in (README, "Reading the
-- database with SQL"): one per kind, one row per record, the fields as
-- columns. Private fields (contacts) are included: the database is the
-- city's own. Enum columns hold the short names hcctl uses ("health",
-- "across_sectors"); a field left empty reads as NULL; lists are joined
-- with ", ". Anything a view leaves out is still reachable with
-- json_extract(data_json, '$.field') on records.
--
-- A view is a query, not a copy: changing one later is DROP VIEW and
-- CREATE VIEW in a new migration, with no data to move.
ALTER TABLE records ADD COLUMN data_json TEXT NOT NULL DEFAULT '{}';

CREATE VIEW city AS
SELECT id, version, visibility, create_time, update_time,
    json_extract(r.data_json, '$.name') AS name,
    json_extract(r.data_json, '$.country') AS country,
    json_extract(r.data_json, '$.region') AS region,
    json_extract(r.data_json, '$.population') AS population,
    (SELECT group_concat(value, ', ') FROM json_each(r.data_json, '$.languages')) AS languages,
    json_extract(r.data_json, '$.website') AS website,
    json_extract(r.data_json, '$.member_since') AS member_since,
    json_extract(r.data_json, '$.description') AS description,
    json_extract(r.data_json, '$.coordinator.name') AS coordinator_name,
    json_extract(r.data_json, '$.coordinator.role') AS coordinator_role,
    json_extract(r.data_json, '$.coordinator.email') AS coordinator_email,
    json_extract(r.data_json, '$.coordinator.phone') AS coordinator_phone
FROM records r WHERE r.kind = 'city';

CREATE VIEW partners AS
SELECT id, version, visibility, create_time, update_time,
    json_extract(r.data_json, '$.organisation') AS organisation,
    json_extract(r.data_json, '$.kind') AS kind,
    json_extract(r.data_json, '$.sector') AS sector,
    json_extract(r.data_json, '$.description') AS description,
    json_extract(r.data_json, '$.website') AS website,
    json_extract(r.data_json, '$.contact.name') AS contact_name,
    json_extract(r.data_json, '$.contact.role') AS contact_role,
    json_extract(r.data_json, '$.contact.email') AS contact_email,
    json_extract(r.data_json, '$.contact.phone') AS contact_phone
FROM records r WHERE r.kind = 'partner';

CREATE VIEW partnerships AS
SELECT id, version, visibility, create_time, update_time,
    json_extract(r.data_json, '$.title') AS title,
    json_extract(r.data_json, '$.level') AS level,
    json_extract(r.data_json, '$.status') AS status,
    json_extract(r.data_json, '$.start_date') AS start_date,
    json_extract(r.data_json, '$.end_date') AS end_date,
    json_extract(r.data_json, '$.hot_local_issue') AS hot_local_issue,
    (SELECT group_concat(value, ', ') FROM json_each(r.data_json, '$.sectors')) AS sectors,
    (SELECT group_concat(value, ', ') FROM json_each(r.data_json, '$.settings')) AS settings,
    (SELECT group_concat(value, ', ') FROM json_each(r.data_json, '$.mechanisms')) AS mechanisms,
    (SELECT group_concat(value, ', ') FROM json_each(r.data_json, '$.sdg.goals')) AS sdg_goals,
    (SELECT group_concat(value, ', ') FROM json_each(r.data_json, '$.sdg.targets')) AS sdg_targets,
    (SELECT group_concat(value, ', ') FROM json_each(r.data_json, '$.six_ps')) AS six_ps,
    (SELECT group_concat(value, ', ') FROM json_each(r.data_json, '$.equity_groups')) AS equity_groups,
    json_extract(r.data_json, '$.participatory_platform') AS participatory_platform,
    (SELECT group_concat(value, ', ') FROM json_each(r.data_json, '$.funding_sources')) AS funding_sources,
    (SELECT group_concat(value, ', ') FROM json_each(r.data_json, '$.decision_makers')) AS decision_makers,
    json_extract(r.data_json, '$.primary_health_care.linked') AS primary_health_care_linked,
    json_extract(r.data_json, '$.description') AS description
FROM records r WHERE r.kind = 'partnership';

-- One row per partner of a partnership, with the partner's organisation:
-- the join a spreadsheet cannot make from a list column.
CREATE VIEW partnership_partners AS
SELECT r.id AS partnership_id,
    json_extract(r.data_json, '$.title') AS partnership_title,
    json_extract(m.value, '$.partner_id') AS partner_id,
    json_extract(p.data_json, '$.organisation') AS organisation,
    json_extract(m.value, '$.role') AS role
FROM records r, json_each(r.data_json, '$.partners') m
LEFT JOIN records p ON p.id = json_extract(m.value, '$.partner_id')
WHERE r.kind = 'partnership';

CREATE VIEW health_plans AS
SELECT id, version, visibility, create_time, update_time,
    json_extract(r.data_json, '$.title') AS title,
    json_extract(r.data_json, '$.status') AS status,
    json_extract(r.data_json, '$.period_start_year') AS period_start_year,
    json_extract(r.data_json, '$.period_end_year') AS period_end_year,
    json_extract(r.data_json, '$.adoption.body') AS adopted_by,
    json_extract(r.data_json, '$.adoption.date') AS adoption_date,
    json_extract(r.data_json, '$.adoption.reference') AS adoption_reference,
    json_array_length(r.data_json, '$.goals') AS goals,
    json_array_length(r.data_json, '$.actions') AS actions,
    json_extract(r.data_json, '$.description') AS description
FROM records r WHERE r.kind = 'plan';

CREATE VIEW indicators AS
SELECT id, version, visibility, create_time, update_time,
    json_extract(r.data_json, '$.plan_id') AS plan_id,
    json_extract(r.data_json, '$.goal_id') AS goal_id,
    json_extract(r.data_json, '$.name') AS name,
    json_extract(r.data_json, '$.unit') AS unit,
    json_extract(r.data_json, '$.direction') AS direction,
    json_extract(r.data_json, '$.baseline') AS baseline,
    json_extract(r.data_json, '$.baseline_date') AS baseline_date,
    json_extract(r.data_json, '$.target') AS target,
    json_extract(r.data_json, '$.target_date') AS target_date,
    (SELECT group_concat(value, ', ') FROM json_each(r.data_json, '$.sdg.goals')) AS sdg_goals,
    json_extract(r.data_json, '$.description') AS description
FROM records r WHERE r.kind = 'indicator';

-- Measurements live inside their indicator's record; one row each here.
CREATE VIEW measurements AS
SELECT r.id AS indicator_id,
    json_extract(r.data_json, '$.name') AS indicator,
    json_extract(m.value, '$.date') AS date,
    json_extract(m.value, '$.value') AS value,
    json_extract(r.data_json, '$.unit') AS unit,
    json_extract(m.value, '$.breakdown.kind') AS breakdown,
    json_extract(m.value, '$.breakdown.label') AS breakdown_label,
    json_extract(m.value, '$.source') AS source,
    json_extract(m.value, '$.note') AS note
FROM records r, json_each(r.data_json, '$.measurements') m
WHERE r.kind = 'indicator';

-- A practice's title and summary are those of its original language.
CREATE VIEW practices AS
SELECT id, version, visibility, create_time, update_time,
    json_extract(r.data_json, '$.texts."' || json_extract(r.data_json, '$.original_language') || '".title') AS title,
    json_extract(r.data_json, '$.texts."' || json_extract(r.data_json, '$.original_language') || '".summary') AS summary,
    json_extract(r.data_json, '$.original_language') AS original_language,
    (SELECT group_concat(key, ', ') FROM json_each(r.data_json, '$.texts')) AS languages,
    json_extract(r.data_json, '$.status') AS status,
    json_extract(r.data_json, '$.problem') AS problem,
    json_extract(r.data_json, '$.context') AS context,
    json_extract(r.data_json, '$.activities') AS activities,
    json_extract(r.data_json, '$.resources') AS resources,
    json_extract(r.data_json, '$.results') AS results,
    json_extract(r.data_json, '$.lessons_learnt') AS lessons_learnt,
    json_extract(r.data_json, '$.transfer_notes') AS transfer_notes,
    json_extract(r.data_json, '$.evidence') AS evidence,
    json_extract(r.data_json, '$.licence') AS licence,
    (SELECT group_concat(value, ', ') FROM json_each(r.data_json, '$.partners')) AS partners,
    (SELECT group_concat(value, ', ') FROM json_each(r.data_json, '$.sectors')) AS sectors,
    (SELECT group_concat(value, ', ') FROM json_each(r.data_json, '$.settings')) AS settings,
    (SELECT group_concat(value, ', ') FROM json_each(r.data_json, '$.mechanisms')) AS mechanisms,
    (SELECT group_concat(value, ', ') FROM json_each(r.data_json, '$.sdg.goals')) AS sdg_goals,
    (SELECT group_concat(value, ', ') FROM json_each(r.data_json, '$.sdg.targets')) AS sdg_targets,
    (SELECT group_concat(value, ', ') FROM json_each(r.data_json, '$.equity_groups')) AS equity_groups,
    (SELECT group_concat(json_extract(value, '$.name') || coalesce(' <' || json_extract(value, '$.email') || '>', ''), ', ')
        FROM json_each(r.data_json, '$.contacts')) AS contacts,
    json_extract(r.data_json, '$.adopted_from.country') AS adopted_from_country,
    json_extract(r.data_json, '$.adopted_from.city_id') AS adopted_from_city,
    json_extract(r.data_json, '$.adopted_from.practice_id') AS adopted_from_practice
FROM records r WHERE r.kind = 'practice';

CREATE VIEW successes AS
SELECT id, version, visibility, create_time, update_time,
    json_extract(r.data_json, '$.title') AS title,
    json_extract(r.data_json, '$.partnership_id') AS partnership_id,
    json_extract(r.data_json, '$.date') AS date,
    json_extract(r.data_json, '$.outcome') AS outcome,
    (SELECT group_concat(coalesce(json_extract(value, '$.name'), json_extract(value, '$.city_id')), ', ')
        FROM json_each(r.data_json, '$.partner_cities')) AS partner_cities,
    (SELECT group_concat(value, ', ') FROM json_each(r.data_json, '$.sdg.goals')) AS sdg_goals
FROM records r WHERE r.kind = 'success';

CREATE VIEW endorsements AS
SELECT id, version, visibility, create_time, update_time,
    json_extract(r.data_json, '$.success.country') AS success_country,
    json_extract(r.data_json, '$.success.city_id') AS success_city,
    json_extract(r.data_json, '$.success.success_id') AS success_id,
    json_extract(r.data_json, '$.date') AS date,
    json_extract(r.data_json, '$.statement') AS statement
FROM records r WHERE r.kind = 'endorsement';
