# Transactions: autocommit off, commit, rollback, snapshot isolation between two connections,
# isolation levels and the conflict SQLStates. Contract: a transaction's inserts are visible to
# others only after commit, all at once; rollback leaves nothing; reads see a snapshot taken at the
# transaction's first statement plus its own inserts; a key another transaction committed fails
# with 23505; savepoints and SERIALIZABLE are refused (0A000).

CREATE TABLE ACCOUNTS (ID INTEGER PRIMARY KEY, OWNER VARCHAR(20) NOT NULL);
!update 0

# Autocommit is on by default: COMMIT and ROLLBACK have nothing to do.
!commit
!rollback

# A transaction of two inserts: invisible to another connection until commit.
!autocommit off
INSERT INTO ACCOUNTS VALUES (1, 'ann');
!update 1
INSERT INTO ACCOUNTS VALUES (2, 'bob');
!update 1

# It reads its own inserts; their sequence and timestamp are NULL until commit.
SELECT ID, OWNER, LEDGER_SEQ, LEDGER_TS, LEDGER_BLOCK FROM ACCOUNTS ORDER BY ID;
ID | OWNER | LEDGER_SEQ | LEDGER_TS | LEDGER_BLOCK
1 | ann | NULL | NULL | NULL
2 | bob | NULL | NULL | NULL
!ok
!prepare SELECT OWNER, LEDGER_SEQ FROM ACCOUNTS WHERE ID = ?;
!bind 1
!execute
OWNER | LEDGER_SEQ
ann | NULL
!ok

!connection other
SELECT COUNT(*) AS N FROM ACCOUNTS;
N
0
!ok

!connection main
!commit

!connection other
SELECT ID, OWNER FROM ACCOUNTS ORDER BY ID;
ID | OWNER
1 | ann
2 | bob
!ok

# Both rows are one ledger transaction: consecutive sequences, one commit timestamp.
SELECT MAX(LEDGER_SEQ) - MIN(LEDGER_SEQ) AS SPAN, COUNT(DISTINCT LEDGER_TS) AS STAMPS FROM ACCOUNTS;
SPAN | STAMPS
1 | 1
!ok

# Rollback leaves nothing.
!connection main
INSERT INTO ACCOUNTS VALUES (3, 'cat');
!update 1
SELECT COUNT(*) AS N FROM ACCOUNTS;
N
3
!ok
!rollback
SELECT COUNT(*) AS N FROM ACCOUNTS;
N
2
!ok

# Snapshot isolation: the snapshot is taken at the transaction's first statement, so a row another
# connection commits later stays invisible (repeatable reads) until this transaction ends.
SELECT COUNT(*) AS N FROM ACCOUNTS;
N
2
!ok
!connection other
INSERT INTO ACCOUNTS VALUES (4, 'dan');
!update 1
!connection main
SELECT COUNT(*) AS N FROM ACCOUNTS WHERE ID = 4;
N
0
!ok
!prepare SELECT ID, OWNER FROM ACCOUNTS WHERE ID = ?;
!bind 4
!execute
ID | OWNER
!ok
!bind 2
!execute
ID | OWNER
2 | bob
!ok

# Inserting a key that another transaction committed after this snapshot is still a duplicate.
INSERT INTO ACCOUNTS VALUES (4, 'eve');
!error 23505 1 (ID)=(4)

# A failed statement leaves the transaction open with its earlier inserts.
INSERT INTO ACCOUNTS VALUES (5, 'fay');
!update 1
INSERT INTO ACCOUNTS VALUES (6, 'gus'), (1, 'dup');
!error 23505 1 (ID)=(1)
!commit
SELECT ID, OWNER FROM ACCOUNTS ORDER BY ID;
ID | OWNER
1 | ann
2 | bob
4 | dan
5 | fay
!ok

# Isolation levels: REPEATABLE_READ (reported) and READ_COMMITTED run snapshot isolation;
# SERIALIZABLE, READ_UNCOMMITTED and NONE are refused.
!isolation READ_COMMITTED
!isolation REPEATABLE_READ
!isolation SERIALIZABLE
!error 0A000 101 snapshot isolation
!isolation NONE
!error 0A000 101

# Savepoints and BEGIN are refused; COMMIT and ROLLBACK run as statements too.
SAVEPOINT S1;
!error 0A000 101 savepoints
BEGIN;
!error 0A000 101 setAutoCommit(false)
INSERT INTO ACCOUNTS VALUES (7, 'hal');
!update 1
ROLLBACK;
!update 0
INSERT INTO ACCOUNTS VALUES (8, 'ida');
!update 1
COMMIT;
!update 0
SELECT ID FROM ACCOUNTS WHERE ID >= 7 ORDER BY ID;
ID
8
!ok

# Switching autocommit back on commits the open transaction, as JDBC specifies.
INSERT INTO ACCOUNTS VALUES (9, 'jo');
!update 1
!autocommit on
!connection other
SELECT ID FROM ACCOUNTS WHERE ID = 9;
ID
9
!ok
