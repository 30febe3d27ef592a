# Statements that do not parse (42000 / 102) and names that do not resolve: unknown table
# 42S02 / 103, unknown column 42S22 / 103, unknown function 42000 / 103; other validation
# errors 42000 / 110. Messages name what is wrong and carry no stack trace.

CREATE TABLE T (ID INTEGER PRIMARY KEY, NAME VARCHAR(10));
!update 0

INSERT INTO T VALUES (1, 'one');
!update 1

SELEC 1;
!error 42000 102

SELECT FROM T;
!error 42000 102

SELECT * FROM T WHERE;
!error 42000 102

SELECT * FROM T WHERE NAME = 'unterminated;
!error 42000 102

SELECT * FROM T ORDER ID;
!error 42000 102

INSERT INTO T VALUES (2, 'two'
;
!error 42000 102

CREATE TABLE (ID INTEGER PRIMARY KEY);
!error 42000 102

CREATE TABLE X (ID INTEGER PRIMARY KEY,);
!error 42000 102

INSERT T VALUES (3, 'x');
!error 42000 102

# VALUE is a reserved word (hence KV's column VAL).
SELECT VALUE FROM KV;
!error 42000 102

select * from t where id = 1 and;
!error 42000 102

# --- unknown names ----------------------------------------------------------------------------

SELECT * FROM NO_SUCH_TABLE;
!error 42S02 103 NO_SUCH_TABLE

SELECT * FROM BLOCKDB.NO_SUCH_TABLE;
!error 42S02 103 NO_SUCH_TABLE

select * from no_such_table;
!error 42S02 103 NO_SUCH_TABLE

SELECT A.ID FROM T A JOIN NOPE B ON A.ID = B.ID;
!error 42S02 103 NOPE

SELECT NO_SUCH_COLUMN FROM T;
!error 42S22 103 NO_SUCH_COLUMN

SELECT ID FROM T WHERE NO_SUCH_COLUMN = 1;
!error 42S22 103 NO_SUCH_COLUMN

SELECT ID FROM T ORDER BY NO_SUCH_COLUMN;
!error 42S22 103 NO_SUCH_COLUMN

SELECT T.NOPE FROM T;
!error 42S22 103 NOPE

SELECT NO_SUCH_FUNCTION(ID) AS X FROM T;
!error 42000 103 NO_SUCH_FUNCTION

VALUES NO_SUCH_FUNCTION();
!error 42000 103 NO_SUCH_FUNCTION

# --- other validation errors ------------------------------------------------------------------

SELECT NAME, COUNT(*) AS N FROM T;
!error 42000 110

SELECT ID FROM T A JOIN T B ON A.ID = B.ID;
!error 42000 110

SELECT UPPER(1, 2) AS X;
!error 42000 110

SELECT * FROM T WHERE ID IN (SELECT ID, NAME FROM T);
!error 42000 110

# The session goes on after errors.
SELECT ID, NAME FROM T;
ID | NAME
1 | one
!ok
