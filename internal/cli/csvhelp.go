package cli

// csvFormatHelp is the spreadsheet format as import and export --help
// show it. docs/csv.md says the same at more length; keep them in step.
const csvFormatHelp = `THE FILE
  UTF-8 CSV with a header row naming the columns (Excel: "CSV UTF-8"; a
  leading byte order mark is fine), separated by commas, semicolons (as
  Excel saves in most European locales) or tabs: the header row tells
  which. With semicolons or tabs, a comma in a number is a decimal comma
  ("3,4" is the SDG target 3.4). Columns are matched by header name, in
  any order, ignoring case; a column that is not listed below is an error,
  so a misspelt header is never silently dropped. Missing columns are
  empty. Cells may be quoted and hold commas and line breaks.

  Export writes a text cell starting with = + - @ (a formula in a
  spreadsheet) after an apostrophe, '=SUM(A1); import takes that
  apostrophe off again.

  List cells hold items separated by ";" ("health; education"); items
  cannot themselves contain ";". Enumerations are written in short form
  ("urban_planning", "across_sectors"). Dates are YYYY-MM-DD.

  A row with an id replaces the record with that id (all its columns, so
  keep every column when you re-import an export); a row without one is
  added. Export writes every column, oldest record first.

PARTNERS (--kind partners)
  id              record id; empty for a new partner
  organisation    required
  kind            local_government_department, residents, ngo, private_sector,
                  community_organisation, academia, city, public_agency
  sector          health, environment, economy, ecology, education,
                  urban_planning, social_services, housing, transport,
                  culture, sport
  description, website
  visibility      private, network, public
  contact_name, contact_role, contact_email, contact_phone
                  personal data: private, never shared by the node

PARTNERSHIPS (--kind partnerships)
  id, title (required), description
  level           within_health_sector, within_public_sector,
                  between_cities, across_sectors
  status          planned, active, paused, completed, ended
  visibility      private, network, public
  partners        "Organisation (role); Other organisation (role)": names as
                  recorded on the node (import partners first); the role is
                  in the last parentheses and may be left off. A name the
                  node does not have, or has twice, is an error. A partner
                  id works in place of a name; export writes the id where
                  two partners share the name.
  sectors         list of sectors, as for partners
  settings        schools, workplaces, health_care_facilities, markets,
                  islands, villages, communities
  hot_local_issue
  mechanisms      tackle_hot_local_issues,
                  build_on_cultural_and_historical_backgrounds,
                  holistic_approach, build_on_mutual_success, step_by_step,
                  additional_financial_resources, involve_decision_makers
  sdg_goals       list of SDG goals, 1-17 ("3; 11")
  sdg_targets     list of SDG targets ("3.4; 11.7")
  six_ps          people, place, participation, prosperity, planet, peace
  equity_groups   list of groups the partnership reaches
  phc_linked      yes or no: linked to primary health care
  phc_services    list of primary health care or local services involved
  phc_engagement  how residents are engaged and involved in decisions
  participatory_platform
  funding_sources, decision_makers   lists
  start_date, end_date

MEASUREMENTS (--kind measurements)
  One measured value of an indicator a row, as statistics offices publish
  them by district and by group. A value for an indicator, date and
  district or group the indicator already has replaces it; an equal one
  changes nothing; any other is added. Two rows for the same indicator,
  date and district or group are an error.
  indicator       required: the indicator's name as the health plan has it
                  (or its id; export writes the id where two share a name)
  date            required: the date the value refers to, YYYY-MM-DD
  value           required: a number ("12.5"; "12,5" in a file separated
                  by semicolons; spaces between thousands are ignored)
  district        the district the value is for
  group           the population group the value is for ("women 65+")
                  fill in district or group, or neither for the whole city
  source          where the value comes from ("SCB, 2025")
  note`
