# Runner self-test against H2: each check marked below must be reported as a mismatch on the line
# after its marker, with a message containing the marker's text. Nothing else may be reported.
CREATE TABLE T (ID INTEGER PRIMARY KEY, NAME VARCHAR(10) NOT NULL);
!update 0

INSERT INTO T VALUES (1, 'a');
# fails on the next line: expected update count 2, got 1
!update 2

INSERT INTO T VALUES (2, 'b'), (3, 'c');
!update 2

SELECT ID, NAME FROM T ORDER BY ID;
ID | NAME
1 | a
# fails on the next line: row 2 differs
2 | x
3 | c
!ok

SELECT ID, NAME AS LABEL FROM T WHERE ID = 1;
# fails on the next line: header differs
ID | NAME
1 | a
!ok

# order matters for !ok
SELECT ID FROM T ORDER BY ID DESC;
ID
# fails on the next line: row 1 differs
1
2
3
!ok

SELECT ID FROM T ORDER BY ID;
ID
1
2
# fails on the next line: expected 2 row(s), got 3
!ok

SELECT ID FROM T;
ID
1
2
4
# fails on the next line: rows differ (unordered)
!unordered

INSERT INTO T VALUES (1, 'dup');
# fails on the next line: SQLState 23505
!error 42S02

INSERT INTO T VALUES (1, 'dup');
# fails on the next line: vendor code 23505
!error 23505 1

INSERT INTO T VALUES (1, 'dup');
# fails on the next line: message without 'no such words'
!error 23505 23505 no such words

INSERT INTO T VALUES (9, 'nine');
# fails on the next line: expected error 23505, got update count 1
!error 23505

SELECT NOPE FROM T;
ID
# fails on the next line: expected a result set, got error
!ok

INSERT INTO T VALUES (9, 'again');
# fails on the next line: expected update count 1, got error
!update 1

SELECT ID, NAME FROM T WHERE ID = 9;
ID | NAME
9 | nine
!ok
# fails on the next line: column types differ
!types INTEGER | INTEGER
# fails on the next line: columns differ
!columns ID INTEGER NOT NULL | NAME VARCHAR(11) NOT NULL

SELECT ID, NAME FROM T WHERE ID = 9;
!ok-any
# fails on the next line: columns differ
!columns ID INTEGER | NAME VARCHAR NOT NULL

!prepare INSERT INTO T VALUES (?, ?);
!bind 20, 'u'
!addBatch
!bind 21, 'v'
!addBatch
!executeBatch
# fails on the next line: expected update count 1 1 1, got 1 1
!update 1 1 1

!bind 22, 'w'
!addBatch
!executeBatch
# fails on the next line: expected error 23505, got update count 1
!error 23505

!bind 'x', 'y'
!execute
# fails on the next line: SQLState 22018
!error 23505
