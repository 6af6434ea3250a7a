-- ocop: OCOP (One Commune One Product) data types for PostgreSQL.
--
-- This is the script's header only.  Every feature is a script of its own in
-- sql/features/ (01_ocop_code.sql first), and the Makefile concatenates this
-- header and those scripts, in name order, into sql/ocop--<version>.sql.
--
-- Search-path safety: objects of this extension are referred to as
-- @extschema@.name, built-in functions and operators as pg_catalog.name or
-- OPERATOR(pg_catalog.op); nothing uses CREATE OR REPLACE, so nothing that
-- already exists can be taken over.  No function is SECURITY DEFINER.

\echo Use "CREATE EXTENSION ocop" to load this file. \quit

