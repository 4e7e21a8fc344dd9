-- pgkeeper stand-in for pgaudit (https://github.com/pgaudit/pgaudit): settings such as
-- SET pgaudit.log = 'ddl' are accepted, as for any prefixed setting, but nothing is audited. The
-- real extension's event trigger functions exist, without triggers.
CREATE FUNCTION @extschema@.pgaudit_ddl_command_end() RETURNS event_trigger
LANGUAGE plpgsql AS $$ BEGIN END $$;
CREATE FUNCTION @extschema@.pgaudit_sql_drop() RETURNS event_trigger
LANGUAGE plpgsql AS $$ BEGIN END $$;
