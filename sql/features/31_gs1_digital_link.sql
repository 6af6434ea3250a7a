-- GS1 Digital Link with every Application Identifier of the GS1 Barcode
-- Syntax Dictionary (the table compiled from data/gs1/ by
-- scripts/gen-gs1-ais); see doc/digital-link.md.  All C, no table access:
-- IMMUTABLE.

CREATE FUNCTION @extschema@.gs1_digital_link_elements(uri text,
    OUT ord integer, OUT role text, OUT ai text, OUT name text, OUT value text)
  RETURNS SETOF record
  AS 'MODULE_PATHNAME', 'ocop_gs1_dl_elements' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 8;
COMMENT ON FUNCTION @extschema@.gs1_digital_link_elements(text) IS
  'every AI of a GS1 Digital Link URI (role primary key, qualifier or attribute; the AI''s title as name; the decoded value), then its non-AI query parameters (role parameter, ai NULL, name and value as written), in URI order; the URI is validated as GS1 does';

CREATE FUNCTION @extschema@.gs1_digital_link_element_string(uri text, bracketed boolean DEFAULT true)
  RETURNS text
  AS 'MODULE_PATHNAME', 'ocop_gs1_dl_element_string' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.gs1_digital_link_element_string(text, boolean) IS
  'GS1 element string of a GS1 Digital Link URI, path AIs then query AIs in URI order: bracketed (01)...(10)... ("(" in a value as \(), or unbracketed with ^ for FNC1 as GS1''s engine writes it';

CREATE FUNCTION @extschema@.gs1_digital_link_from_element_string(element_string text,
                                                                  base text DEFAULT 'https://id.gs1.org')
  RETURNS text
  AS 'MODULE_PATHNAME', 'ocop_gs1_dl_from_element_string' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.gs1_digital_link_from_element_string(text, text) IS
  'GS1 Digital Link URI of a GS1 element string (bracketed or ^-separated): base (host and path prefix kept, trailing / dropped), the first primary key AI and its longest qualifier sequence in the path, the other AIs as query attributes (predefined-length AIs first)';

CREATE FUNCTION @extschema@.gs1_digital_link_ai(uri text, ai text)
  RETURNS text
  AS 'MODULE_PATHNAME', 'ocop_gs1_dl_ai' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.gs1_digital_link_ai(text, text) IS
  'the decoded value of one AI (e.g. ''3103'') of a GS1 Digital Link URI, from the path or the query string; NULL when the URI does not have it';

CREATE FUNCTION @extschema@.gs1_application_identifiers(
    OUT ai text, OUT title text, OUT format text, OUT predefined_length boolean,
    OUT dl_data_attribute boolean, OUT dl_primary_key boolean, OUT dl_key_qualifiers text)
  RETURNS SETOF record
  AS 'MODULE_PATHNAME', 'ocop_gs1_application_identifiers' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 541;
COMMENT ON FUNCTION @extschema@.gs1_application_identifiers() IS
  'the GS1 Application Identifiers the extension knows, from the GS1 Barcode Syntax Dictionary (release: gs1_syntax_dictionary_release()): format with checks, predefined length, Digital Link data attribute, primary key and its ordered key qualifiers (alternatives separated by |)';

CREATE FUNCTION @extschema@.gs1_syntax_dictionary_release()
  RETURNS text
  AS 'MODULE_PATHNAME', 'ocop_gs1_syntax_dictionary_release' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.gs1_syntax_dictionary_release() IS
  'release of the GS1 Barcode Syntax Dictionary (GS1 AISBL, Apache-2.0) the AI table of the extension was generated from';
