-- pgkeeper stand-in for address_standardizer_data_us: the lexicon, gazetteer and rules tables the
-- address standardizer reads, empty.
CREATE TABLE @extschema@.us_lex (id serial PRIMARY KEY, seq integer, word text, stdword text, token integer, is_custom boolean NOT NULL DEFAULT true);
CREATE TABLE @extschema@.us_gaz (id serial PRIMARY KEY, seq integer, word text, stdword text, token integer, is_custom boolean NOT NULL DEFAULT true);
CREATE TABLE @extschema@.us_rules (id serial PRIMARY KEY, rule text, is_custom boolean NOT NULL DEFAULT true);
