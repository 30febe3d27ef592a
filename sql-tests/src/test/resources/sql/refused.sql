# Statements BlockDB refuses: tables are append-only. UPDATE, DELETE, MERGE, UPSERT, TRUNCATE,
# DROP, ALTER: 0A000 / 100, the message names the statement and says tables are append-only.
# Other DDL (views, functions, schemas, types, indexes), GRANT: 0A000 / 101. After each, a SELECT
# shows that nothing changed.

CREATE TABLE T (ID INTEGER PRIMARY KEY, NAME VARCHAR(10));
!update 0

INSERT INTO T VALUES (1, 'one'), (2, 'two');
!update 2

INSERT INTO KV (KEY, VAL) VALUES ('k', 'v');
!update 1

# --- UPDATE -----------------------------------------------------------------------------------

UPDATE T SET NAME = 'changed' WHERE ID = 1;
!error 0A000 100 UPDATE
!error 0A000 100 append-only

SELECT ID, NAME FROM T ORDER BY ID;
ID | NAME
1 | one
2 | two
!ok

update t set name = 'changed';
!error 0A000 100 UPDATE

UPDATE KV SET VAL = 'changed' WHERE KEY = 'k';
!error 0A000 100 UPDATE

SELECT ID, NAME FROM T ORDER BY ID;
ID | NAME
1 | one
2 | two
!ok

SELECT KEY, VAL FROM KV;
KEY | VAL
k | v
!ok

# --- DELETE, including the comment-prefixed and lower-case forms Calcite would run ------------

DELETE FROM T WHERE ID = 1;
!error 0A000 100 DELETE
!error 0A000 100 append-only

DELETE FROM T;
!error 0A000 100 DELETE

delete from t;
!error 0A000 100 DELETE

DeLeTe FrOm T WhErE id = 2;
!error 0A000 100 DELETE

/* a comment first */ DELETE FROM T;
!error 0A000 100 DELETE

/* a comment,
   then a line comment */
-- and another
  delete from T;
!error 0A000 100 DELETE

DELETE FROM KV;
!error 0A000 100 DELETE

SELECT ID, NAME FROM T ORDER BY ID;
ID | NAME
1 | one
2 | two
!ok

SELECT KEY, VAL FROM KV;
KEY | VAL
k | v
!ok

# --- MERGE, UPSERT ----------------------------------------------------------------------------

MERGE INTO T USING (VALUES (1, 'merged'), (3, 'three')) AS S(ID, NAME) ON T.ID = S.ID
WHEN MATCHED THEN UPDATE SET NAME = S.NAME WHEN NOT MATCHED THEN INSERT VALUES (S.ID, S.NAME);
!error 0A000 100 MERGE
!error 0A000 100 append-only

# UPSERT of a new key must not write either (Calcite would run it as an INSERT).
UPSERT INTO T VALUES (3, 'three');
!error 0A000 100 UPSERT

upsert into t values (1, 'over');
!error 0A000 100 UPSERT

UPSERT INTO KV (KEY, VAL) VALUES ('k2', 'v2');
!error 0A000 100 UPSERT

SELECT ID, NAME FROM T ORDER BY ID;
ID | NAME
1 | one
2 | two
!ok

SELECT KEY, VAL FROM KV;
KEY | VAL
k | v
!ok

# --- TRUNCATE, DROP, ALTER --------------------------------------------------------------------

TRUNCATE TABLE T;
!error 0A000 100 TRUNCATE
!error 0A000 100 append-only

DROP TABLE T;
!error 0A000 100 DROP
!error 0A000 100 append-only

DROP TABLE IF EXISTS T;
!error 0A000 100 DROP

drop table kv;
!error 0A000 100 DROP

DROP TABLE NO_SUCH_TABLE;
!error 0A000 100 DROP

DROP VIEW V;
!error 0A000 100 DROP

DROP SCHEMA BLOCKDB;
!error 0A000 100 DROP

ALTER TABLE T ADD COLUMN X INTEGER;
!error 0A000 100 ALTER
!error 0A000 100 append-only

ALTER TABLE T RENAME TO U;
!error 0A000 100 ALTER

# ALTER SYSTEM changes no table: an unsupported statement rather than an append-only refusal.
ALTER SYSTEM SET "x" = 1;
!error 0A000 101 ALTER SYSTEM

SELECT * FROM T ORDER BY ID;
ID | NAME
1 | one
2 | two
!ok

SELECT KEY, VAL FROM KV;
KEY | VAL
k | v
!ok

# --- other DDL and GRANT: 0A000 / 101 ---------------------------------------------------------

CREATE VIEW V AS SELECT ID FROM T;
!error 0A000 101

CREATE OR REPLACE VIEW V AS SELECT ID FROM T;
!error 0A000 101

CREATE MATERIALIZED VIEW MV AS SELECT ID FROM T;
!error 0A000 101

SELECT * FROM V;
!error 42S02 103 V

CREATE FUNCTION MY_FN AS 'java.lang.Math';
!error 0A000 101

SELECT MY_FN(1) AS X;
!error 42000 103 MY_FN

CREATE SCHEMA S;
!error 0A000 101

CREATE FOREIGN SCHEMA F TYPE 'jdbc' OPTIONS (jdbcUrl 'jdbc:h2:mem:x');
!error 0A000 101

CREATE TYPE MY_TYPE AS VARCHAR(10);
!error 0A000 101

CREATE INDEX I ON T (NAME);
!error 0A000 101

GRANT SELECT ON T TO PUBLIC;
!error 0A000 101

REVOKE SELECT ON T FROM PUBLIC;
!error 0A000 101

# CREATE TABLE still works after all that.
CREATE TABLE AFTER_ALL (ID INTEGER PRIMARY KEY);
!update 0

# --- EXPLAIN of a refused statement is refused too ---------------------------------------------

EXPLAIN PLAN FOR DELETE FROM T;
!error 0A000 100 DELETE

EXPLAIN PLAN FOR UPDATE T SET NAME = 'x';
!error 0A000 100 UPDATE

explain plan for delete from t where id = 1;
!error 0A000 100 DELETE

# --- through a PreparedStatement --------------------------------------------------------------

!prepare DELETE FROM T WHERE ID = ?;
!bind 1
!execute
!error 0A000 100 DELETE

!prepare UPDATE T SET NAME = ? WHERE ID = ?;
!bind 'x', 1
!execute
!error 0A000 100 UPDATE

SELECT ID, NAME FROM T ORDER BY ID;
ID | NAME
1 | one
2 | two
!ok

SELECT KEY, VAL FROM KV;
KEY | VAL
k | v
!ok
