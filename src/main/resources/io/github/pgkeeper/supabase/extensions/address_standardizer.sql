-- pgkeeper stand-in for address_standardizer (part of PostGIS): the stdaddr type and the functions
-- with the real signatures. Nothing is parsed: every field of the answer is empty.
CREATE TYPE @extschema@.stdaddr AS (
  building text, house_num text, predir text, qual text, pretype text, name text, suftype text,
  sufdir text, ruralroute text, extra text, city text, state text, country text, postcode text,
  box text, unit text);
CREATE FUNCTION @extschema@.parse_address(
  text, OUT num text, OUT street text, OUT street2 text, OUT address1 text, OUT city text,
  OUT state text, OUT zip text, OUT zipplus text, OUT country text)
RETURNS record
LANGUAGE sql IMMUTABLE STRICT
AS $$ SELECT NULL::text, NULL::text, NULL::text, $1, NULL::text, NULL::text, NULL::text, NULL::text, NULL::text $$;
CREATE FUNCTION @extschema@.standardize_address(lextab text, gaztab text, rultab text, address text)
RETURNS @extschema@.stdaddr
LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT NULL::@extschema@.stdaddr $$;
CREATE FUNCTION @extschema@.standardize_address(
  lextab text, gaztab text, rultab text, micro text, macro text)
RETURNS @extschema@.stdaddr
LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT NULL::@extschema@.stdaddr $$;
